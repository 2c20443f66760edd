import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { renderText } from '../helpers/exposition.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { replayPoll } from '../helpers/replay.js';
import { checkExposition } from '../helpers/strict-exposition.js';

/**
 * Property-based fuzzing of INFO text → parser → collectors → renderer. Whatever Redis (or a
 * broken proxy in front of it) sends, a poll must not throw, emit NaN or emit a series twice.
 * Deterministic by default (fixed seed); FUZZ_SEED and FUZZ_RUNS widen a local hunt.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20240501);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const params = { seed: SEED, numRuns: RUNS };

const fixtureDir = new URL('../fixtures/info/', import.meta.url);
const FIXTURES = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, fixtureDir), 'utf8'));
const configJson = JSON.parse(readFileSync(new URL('../fixtures/config/redis-7.0.json', import.meta.url), 'utf8')) as Record<string, string>;
const CONFIG = new RedisConfigValues(Object.entries(configJson));
const KEYS = [...new Set(FIXTURES.flatMap((t) => t.split(/\r?\n/).map((l) => l.split(':')[0] ?? '')).filter((k) => k && !k.startsWith('#')))];

/** Values that have broken parsers before: non-finite numbers, odd spellings, kv lists gone wrong. */
const NASTY = [
  '',
  ' ',
  '-nan',
  'nan',
  'NaN',
  'inf',
  '-inf',
  'Infinity',
  '1e309',
  '-1e309',
  '-0',
  '0x1f',
  '1_000',
  '٣',
  '12abc',
  '9007199254740993',
  'ok',
  'err',
  'up',
  'down',
  'yes',
  'no',
  'keys=1,expires=2,avg_ttl=x',
  'keys=,expires=',
  'ip=1.2.3.4,port=6379,state=online,offset=nan,lag=inf',
  'calls=1,usec=-nan,usec_per_call=inf',
  'count=1e400',
  'p50=nan,p99=1.5,p99.9=inf',
  '=',
  ',,,',
  '\\',
  '"',
  '"quoted\\"',
  'a\nb',
  '{}',
  'x=y=z',
];

const value = fc.oneof(fc.constantFrom(...NASTY), fc.double().map(String), fc.integer().map(String), fc.string({ maxLength: 12 }));
const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYS) },
  fc.constantFrom('db0', 'db15', 'db99999', 'slave0', 'slave7', 'cmdstat_get', 'cmdstat_config|get', 'errorstat_ERR', 'latency_percentiles_usec_get', 'cmdstat_', 'errorstat_'),
  fc.string({ maxLength: 16 }),
);
const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}:${v}`) },
  fc.constantFrom('# Server', '# Keyspace', '# Replication', '# Commandstats', '# Errorstats', '#', '# ', ''),
  fc.string({ maxLength: 40 }),
);
const randomInfo = fc.tuple(fc.array(line, { maxLength: 120 }), fc.constantFrom('\n', '\r\n')).map(([ls, eol]) => ls.join(eol));

type Mutation = (lines: string[], rnd: number, v: string) => string[];
const MUTATIONS: Mutation[] = [
  (ls, r) => ls.filter((_, i) => i !== r % Math.max(1, ls.length)),
  (ls, r) => [...ls, ls[r % Math.max(1, ls.length)] ?? ''],
  (ls, r, v) => ls.map((l, i) => (i === r % Math.max(1, ls.length) && l.includes(':') ? `${l.slice(0, l.indexOf(':'))}:${v}` : l)),
  (ls, r) =>
    ls
      .join('\n')
      .slice(0, r % Math.max(1, ls.join('\n').length))
      .split('\n'),
  (ls, r, v) => ls.map((l, i) => (i === r % Math.max(1, ls.length) ? l.slice(0, r % (l.length + 1)) + v + l.slice(r % (l.length + 1)) : l)),
  (ls, r) => [...ls.slice(r % Math.max(1, ls.length)), ...ls.slice(0, r % Math.max(1, ls.length))],
  (ls) => ls.map((l) => `${l}\r`),
];
const mutatedFixture = fc
  .tuple(fc.nat({ max: FIXTURES.length - 1 }), fc.array(fc.tuple(fc.nat({ max: MUTATIONS.length - 1 }), fc.nat(), value), { minLength: 1, maxLength: 12 }))
  .map(([f, ops]) => ops.reduce((ls, [m, r, v]) => (MUTATIONS[m] as Mutation)(ls, r, v), (FIXTURES[f] as string).split('\n')).join('\n'));

/** The whole poll pipeline on one INFO text; returns the problems found (none expected). */
async function pollProblems(text: string, compat: boolean, withConfig: boolean): Promise<string[]> {
  const failed: string[] = [];
  // A throwing collector is logged at error level by runPoll: each such line is a problem.
  const logger = pino({ level: 'error' }, { write: (line: string) => void failed.push(`logged: ${line.trim()}`) });
  const { samples, collectors } = await replayPoll({ info: text, config: withConfig ? CONFIG : undefined, compat, logger });
  for (const [name, h] of collectors) if (!h.success) failed.push(`collector ${name} failed`);
  for (const s of samples) if (!Number.isFinite(s.value)) failed.push(`${s.name} has value ${s.value}`);
  const rendered = renderText(samples);
  if (/ NaN$/m.test(rendered)) failed.push('NaN in rendered output');
  return [...failed, ...checkExposition(rendered)];
}

describe('INFO parser under property-based fuzzing', () => {
  it('every fixture is clean to begin with', async () => {
    for (const f of FIXTURES) expect(await pollProblems(f, true, true)).toEqual([]);
  });

  it('random INFO-like text never throws, never yields NaN or duplicate series', async () => {
    await fc.assert(
      fc.asyncProperty(randomInfo, fc.boolean(), async (text, compat) => {
        expect(await pollProblems(text, compat, true)).toEqual([]);
      }),
      params,
    );
  });

  it('mutated real INFO replies never throw, never yield NaN or duplicate series', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFixture, fc.boolean(), fc.boolean(), async (text, compat, withConfig) => {
        expect(await pollProblems(text, compat, withConfig)).toEqual([]);
      }),
      params,
    );
  });

  it('arbitrary bytes (any unicode, control characters) never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 600 }), async (text) => {
        expect(await pollProblems(text, true, false)).toEqual([]);
      }),
      params,
    );
  });
});

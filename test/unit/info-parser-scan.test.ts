import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../src/parse/info.js';
import { parseInfoPlain } from '../helpers/parse-info-plain.js';

/** The indexOf scanner must parse any text exactly as the split-based parser did. */
const params = { seed: Number(process.env.FUZZ_SEED ?? 20261207), numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const dir = new URL('../fixtures/info/', import.meta.url);
const FIXTURES = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));
const LINES = FIXTURES.flatMap((t) => t.split('\n'));
const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc.constantFrom(
    '',
    '\r',
    '#',
    '# Keyspace',
    ':',
    ':x',
    'a:',
    'db0:keys=1',
    'slave0:ip=1,port=2',
    'cmdstat_get:calls=1,usec=2',
    'latency_percentiles_usec_get:p50=1,p99=2',
    'errorstat_ERR:count=3',
    'no colon here',
  ),
  fc.string({ maxLength: 20 }),
);
const info = fc.tuple(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ''));

const asPlain = (x: ReturnType<typeof parseInfo>) => ({
  fields: [...x.fields],
  sections: [...x.sections],
  keyspace: x.keyspace,
  replicas: x.replicas,
  errorstats: [...x.errorstats],
  commandstats: [...x.commandstats],
  latencyPercentiles: [...x.latencyPercentiles].map(([k, v]) => [k, [...v]]),
});

describe('parseInfo scanning with indexOf', () => {
  it('parses every fixture as the split-based parser did', () => {
    for (const text of FIXTURES) expect(asPlain(parseInfo(text))).toEqual(asPlain(parseInfoPlain(text)));
  });

  it('parses any text as the split-based parser did', () => {
    fc.assert(
      fc.property(info, (text) => {
        expect(asPlain(parseInfo(text))).toEqual(asPlain(parseInfoPlain(text)));
      }),
      params,
    );
  });
});

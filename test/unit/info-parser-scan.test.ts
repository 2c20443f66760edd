import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kvValue, parseInfo, parseKv } from '../../src/parse/info.js';
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
    // Keys read by name (kvValue): duplicates, a key inside another key or a value, empty parts.
    'cmdstat_get:rejected_calls=4,calls=1,usec=2,failed_calls=x,calls=9',
    'cmdstat_set:usec=calls=3,calls=,usec=5,,failed_calls=1=2',
    'cmdstat_del:xcalls=1,usec=2',
    'errorstat_OOM:count=1,count=2',
    'errorstat_X:mycount=1',
    'db1:keys=5,keys=6,expires=1,avg_ttl=,subexpiry=2',
    'db2:expires=1,xkeys=2',
    // Special lines told apart by their first character (session 8): near misses must stay plain fields.
    'db:keys=1',
    'dbx1:keys=1',
    'db12a:keys=1',
    'db0:nokeys',
    'db0:',
    'Db0:keys=1',
    'd:keys=1',
    'b0:keys=1',
    'slave:ip=1,port=2',
    'slave1x:ip=1,port=2',
    'slave0:ip=1',
    'slaves0:ip=1,port=2',
    'slave0:noeq',
    'x=1',
    'errorstat_:count=1',
    'errorstats:count=1',
    'cmdstat_:calls=1,usec=1',
    'cmdstats:calls=1,usec=1',
    'latency_percentiles_usec_:p50=1',
    'latency_percentiles_usec:p50=1',
    'c:1',
    'e:1',
    'l:1',
    's:1',
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

describe('kvValue', () => {
  it('gives what parseKv(text).get(key) gives', () => {
    const part = fc.oneof(fc.constantFrom('calls', 'usec', 'rejected_calls', 'count', 'keys', 'x', ''), fc.string({ maxLength: 6 }));
    const text = fc.array(fc.tuple(part, fc.constantFrom('=', '', '=='), part), { maxLength: 6 }).map((ps) => ps.map(([k, eq, v]) => k + eq + v).join(','));
    fc.assert(
      fc.property(text, fc.constantFrom('calls', 'usec', 'rejected_calls', 'count', 'keys'), (t, key) => {
        expect(kvValue(t, `${key}=`)).toBe(parseKv(t).get(key));
      }),
      params,
    );
  });
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

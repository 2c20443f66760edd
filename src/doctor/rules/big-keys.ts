import { fmtBytes } from '../read.js';
import type { Rule } from '../types.js';

export const bigKeys: Rule = {
  id: 'big-keys',
  severity: 'info',
  title: 'Big keys make forks and saves expensive',
  when: 'the big-key job (`--bigkeys.enabled`) found keys larger than `big-key-bytes` (10 MiB)',
  remedy: [
    'Big keys slow RDB/AOF writes and make copy-on-write during a fork large; deleting one blocks Redis (use `UNLINK`).',
    'Split them: a hash with many fields into several hashes (`user:123:part1`, `user:123:part2`), a long list into several lists.',
    'Find more with `redis-cli --bigkeys` or `redis-cli MEMORY USAGE key`.',
  ],
  evaluate(input) {
    const pass = input.extras.bigkeys?.lastPass;
    if (!pass) return undefined;
    const limit = input.thresholds['big-key-bytes'];
    const big = pass.top.filter((k) => k.bytes > limit);
    const evidence: Record<string, string | number> = { keys_over_limit: big.length, limit_bytes: limit };
    for (const k of big.slice(0, 5)) evidence[`${k.db} ${k.key}`] = `${k.type}, ${fmtBytes(k.bytes)}`;
    if (big.length === 0) return { failing: false, summary: `No key above ${fmtBytes(limit)} in the last full scan.`, evidence };
    return { failing: true, summary: `${big.length} keys above ${fmtBytes(limit)}; the largest is ${fmtBytes(Math.max(...big.map((k) => k.bytes)))}.`, evidence };
  },
};

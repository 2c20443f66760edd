import { hostValues } from '../host-values.js';
import { fmtBytes, num, pct, redisMb } from '../read.js';
import type { Rule } from '../types.js';

export const memoryNearMaxmemory: Rule = {
  id: 'memory-near-maxmemory',
  severity: 'warning',
  title: 'Memory close to maxmemory',
  when: '`used_memory` > `memory-near-maxmemory` (90%) of `maxmemory` (maxmemory set); at 100% or more it says "at maxmemory", never "close to"',
  remedy: [
    'Find what grew: `redis-cli INFO memory`, `redis-cli --bigkeys`.',
    'Raise the limit if the host has room: `redis-cli CONFIG SET maxmemory 4gb` and `maxmemory 4gb` in redis.conf.',
    'For a cache choose an eviction policy (`CONFIG SET maxmemory-policy allkeys-lru`); otherwise delete or expire keys (`EXPIRE key 3600`).',
  ],
  evaluate(input) {
    const used = num(input.info, 'used_memory');
    const max = num(input.info, 'maxmemory');
    if (used === undefined || max === undefined || max === 0) return undefined;
    const ratio = used / max;
    const evidence = { used_memory: used, maxmemory: max, ratio: Number(ratio.toFixed(3)) };
    if (ratio <= input.thresholds['memory-near-maxmemory']) return { failing: false, summary: `Memory is ${pct(ratio)} of maxmemory.`, evidence };
    const v = hostValues(input);
    const at = ratio >= 1;
    return {
      failing: true,
      title: at ? 'Memory at maxmemory' : 'Memory close to maxmemory',
      summary: at
        ? `Memory is at ${pct(ratio)} of maxmemory (${fmtBytes(used)} of ${fmtBytes(max)}): Redis evicts or rejects writes on every new allocation.`
        : `Memory is ${pct(ratio)} of maxmemory (${fmtBytes(used)} of ${fmtBytes(max)}).`,
      evidence,
      remedy: [
        `Find what grew: \`${v.cli} INFO memory\`, \`${v.cli} --bigkeys\`.`,
        `Raise the limit if the host has room (maxmemory is ${fmtBytes(max)}; used_memory plus 25% is ${redisMb(used * 1.25)}): \`${v.cli} CONFIG SET maxmemory ${redisMb(used * 1.25)}\`.`,
        `For a cache choose an eviction policy (\`${v.cli} CONFIG SET maxmemory-policy allkeys-lru\`); otherwise delete or expire keys (\`EXPIRE key 3600\`).`,
      ],
    };
  },
};

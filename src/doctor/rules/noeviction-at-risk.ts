import { hostValues } from '../host-values.js';
import { fmtBytes, num, pct, redisMb, str } from '../read.js';
import type { Rule } from '../types.js';

export const noevictionAtRisk: Rule = {
  id: 'noeviction-at-risk',
  severity: 'warning',
  title: 'noeviction policy close to the limit',
  when: '`maxmemory-policy noeviction` and `used_memory` > `noeviction-at-risk` (80%) of `maxmemory`; past 100% `memory-full` is the finding and this one is listed as its consequence',
  remedy: [
    'With `maxmemory-policy noeviction` Redis answers writes with OOM errors once maxmemory is reached.',
    'If the data is a cache: `redis-cli CONFIG SET maxmemory-policy allkeys-lru` (or allkeys-lfu).',
    'If it must not be evicted: raise maxmemory now, before writes start failing.',
  ],
  evaluate(input) {
    const policy = str(input.info, 'maxmemory_policy') ?? input.config?.string('maxmemory-policy');
    const used = num(input.info, 'used_memory');
    const max = num(input.info, 'maxmemory');
    if (policy === undefined || used === undefined || max === undefined || max === 0) return undefined;
    const ratio = used / max;
    const evidence = { maxmemory_policy: policy, used_memory: used, maxmemory: max };
    if (policy !== 'noeviction' || ratio <= input.thresholds['noeviction-at-risk']) {
      return { failing: false, summary: `Policy ${policy}, memory at ${pct(ratio)} of maxmemory.`, evidence };
    }
    const v = hostValues(input);
    const remedy = [
      `With \`maxmemory-policy noeviction\` every write fails with OOM once maxmemory is reached. If the data is a cache: \`${v.cli} CONFIG SET maxmemory-policy allkeys-lru\` (or allkeys-lfu).`,
      `If it must not be evicted: raise maxmemory (now ${fmtBytes(max)}) before writes fail: \`${v.cli} CONFIG SET maxmemory ${redisMb(used * 1.25)}\`.`,
    ];
    if (ratio >= 1) {
      return {
        failing: true,
        title: 'noeviction policy and memory full',
        summary: `Policy noeviction with memory at ${pct(ratio)} of maxmemory (${fmtBytes(used)} of ${fmtBytes(max)}): writes are rejected with OOM.`,
        evidence,
        remedy,
      };
    }
    return {
      failing: true,
      summary: `Policy noeviction with memory at ${pct(ratio)} of maxmemory (${fmtBytes(used)} of ${fmtBytes(max)}): writes fail with OOM once it reaches 100%.`,
      evidence,
      remedy,
    };
  },
};

import { fmtBytes, num, pct, str } from '../read.js';
import type { Rule } from '../types.js';

export const noevictionAtRisk: Rule = {
  id: 'noeviction-at-risk',
  severity: 'warning',
  title: 'noeviction policy close to the limit',
  when: '`maxmemory-policy noeviction` and `used_memory` > `noeviction-at-risk` (80%) of `maxmemory`',
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
    return { failing: true, summary: `Policy noeviction with memory at ${pct(ratio)} of maxmemory (${fmtBytes(used)} of ${fmtBytes(max)}): writes will fail with OOM soon.`, evidence };
  },
};

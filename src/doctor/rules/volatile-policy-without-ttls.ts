import { pct, str } from '../read.js';
import type { Rule } from '../types.js';

export const volatilePolicyWithoutTtls: Rule = {
  id: 'volatile-policy-without-ttls',
  severity: 'warning',
  title: 'volatile-* eviction policy but few keys have a TTL',
  when: 'a `volatile-*` policy while fewer than `volatile-ttl-ratio` (10%) of keys have a TTL',
  remedy: [
    'volatile-lru/lfu/random/ttl evict only keys with an expiry; with few such keys nothing can be evicted and writes fail with OOM.',
    'Either set TTLs on evictable keys (`EXPIRE key 3600`) or switch to an allkeys policy: `redis-cli CONFIG SET maxmemory-policy allkeys-lru`.',
  ],
  evaluate(input) {
    const policy = str(input.info, 'maxmemory_policy') ?? input.config?.string('maxmemory-policy');
    if (policy === undefined || !input.info) return undefined;
    const keys = input.info.keyspace.reduce((a, d) => a + (d.keys ?? 0), 0);
    const expires = input.info.keyspace.reduce((a, d) => a + (d.expires ?? 0), 0);
    const ratio = keys > 0 ? expires / keys : 1;
    const evidence = { maxmemory_policy: policy, keys, keys_with_ttl: expires };
    if (!policy.startsWith('volatile-') || keys === 0 || ratio >= input.thresholds['volatile-ttl-ratio']) {
      return { failing: false, summary: `Policy ${policy}; ${pct(ratio)} of keys have a TTL.`, evidence };
    }
    return { failing: true, summary: `Policy ${policy} but only ${expires} of ${keys} keys (${pct(ratio)}) have a TTL: there is little to evict.`, evidence };
  },
};

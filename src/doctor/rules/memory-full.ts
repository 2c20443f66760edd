import { hostValues, persistText } from '../host-values.js';
import { fmtBytes, num, pct, redisMb, str } from '../read.js';
import type { DoctorInput, Rule } from '../types.js';

/** Share of host memory the suggested maxmemory may take, leaving room for fork copy-on-write. */
const HOST_SHARE = 0.75;

/** How Redis decides (getMaxmemoryState): used_memory minus replica/AOF buffers over maxmemory. */
export function fullness(input: DoctorInput): { used: number; counted: number; max: number; policy: string; evictable: boolean } | undefined {
  const used = num(input.info, 'used_memory');
  const max = num(input.info, 'maxmemory');
  const policy = str(input.info, 'maxmemory_policy') ?? input.config?.string('maxmemory-policy');
  if (used === undefined || max === undefined || max === 0 || policy === undefined) return undefined;
  const counted = used - (num(input.info, 'mem_not_counted_for_evict') ?? 0);
  const expiring = input.info?.keyspace.reduce((n, db) => n + (db.expires ?? 0), 0) ?? 0;
  const evictable = policy.startsWith('allkeys-') || (policy.startsWith('volatile-') && expiring > 0);
  return { used, counted, max, policy, evictable };
}

export const memoryFull: Rule = {
  id: 'memory-full',
  severity: 'critical',
  title: 'Redis is full: writes are rejected with OOM now',
  when: '`used_memory` (less `mem_not_counted_for_evict`) is over `maxmemory` and nothing can be evicted: policy `noeviction`, or a `volatile-*` policy with no key that has a TTL. Every write fails with OOM whether or not a client wrote during the check',
  remedy: [
    'Raise the limit now: `redis-cli CONFIG SET maxmemory <used_memory plus 25%>` (the doctor prints the value for this host), then persist it with `CONFIG REWRITE` or `maxmemory` in redis.conf.',
    'If the data is a cache: `redis-cli CONFIG SET maxmemory-policy allkeys-lru`.',
    'Otherwise delete or expire keys: `redis-cli --bigkeys`, `DEL key`, `EXPIRE key 3600`.',
  ],
  evaluate(input) {
    const m = fullness(input);
    if (!m) return undefined;
    const full = m.counted > m.max && !m.evictable;
    const hostTotal = input.extras.host?.memory?.totalBytes ?? num(input.info, 'total_system_memory');
    const want = Math.ceil(m.used * 1.25);
    const cap = hostTotal ? Math.floor(hostTotal * HOST_SHARE) : undefined;
    const suggested = cap !== undefined && want > cap ? undefined : want;
    const evidence = { used_memory: m.used, maxmemory: m.max, ratio: Number((m.used / m.max).toFixed(3)), maxmemory_policy: m.policy, ...(suggested ? { suggested_maxmemory: suggested } : {}) };
    if (!full) {
      return {
        failing: false,
        summary: m.evictable ? `Policy ${m.policy} can evict; memory at ${pct(m.used / m.max)} of maxmemory.` : `Memory at ${pct(m.used / m.max)} of maxmemory: not full.`,
        evidence,
      };
    }
    const v = hostValues(input);
    const why = m.policy === 'noeviction' ? 'policy noeviction' : `policy ${m.policy} with no key that has a TTL, so nothing can be evicted`;
    const remedy = [
      suggested !== undefined
        ? `Raise the limit now (used_memory ${fmtBytes(m.used)} plus 25%): \`${v.cli} CONFIG SET maxmemory ${redisMb(suggested)}\`. ${persistText(v, `maxmemory ${redisMb(suggested)}`)}`
        : `This host has no room for more (${fmtBytes(hostTotal ?? 0)} of memory, ${fmtBytes(m.used)} used by Redis): free memory by deleting keys, or move Redis to a larger host.`,
      `If the data is a cache, let Redis evict instead: \`${v.cli} CONFIG SET maxmemory-policy allkeys-lru\`.`,
      `Otherwise find and delete or expire what grew: \`${v.cli} --bigkeys\`, then \`DEL\` or \`EXPIRE\` those keys.`,
    ];
    return {
      failing: true,
      summary: `Full: used_memory is ${pct(m.used / m.max)} of maxmemory (${fmtBytes(m.used)} of ${fmtBytes(m.max)}) with ${why}; every write is rejected with OOM now.`,
      evidence,
      remedy,
    };
  },
};

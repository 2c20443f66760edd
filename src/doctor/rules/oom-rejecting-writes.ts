import { hostValues } from '../host-values.js';
import { fmtBytes, grewBy, num, redisMb } from '../read.js';
import { DEFAULT_HOLD_SECONDS } from '../hold.js';
import type { Rule } from '../types.js';

export const oomRejectingWrites: Rule = {
  id: 'oom-rejecting-writes',
  severity: 'critical',
  title: 'Writes rejected with OOM',
  when: '`errorstat_OOM` grew since the last poll (clients were refused), held for 10 minutes after the last reject unless Redis has room again (used_memory below maxmemory); when Redis is full now, `memory-full` leads and this is its consequence',
  hold: { seconds: DEFAULT_HOLD_SECONDS, cleared: hasRoom },
  remedy: [
    'Clients get "OOM command not allowed when used memory > \'maxmemory\'".',
    'Raise maxmemory (`redis-cli CONFIG SET maxmemory 4gb`), or let Redis evict: `CONFIG SET maxmemory-policy allkeys-lru` for a cache.',
    'Delete large or unneeded keys (`redis-cli --bigkeys`, `DEL key`) and set TTLs on temporary ones.',
  ],
  evaluate(input) {
    const grew = grewBy(input, (i) => i.errorstats.get('OOM') ?? 0);
    if (grew === undefined) return undefined;
    const evidence = { oom_errors_since_last_poll: grew, oom_errors_total: input.info?.errorstats.get('OOM') ?? 0 };
    if (grew === 0) return { failing: false, summary: 'No OOM rejects since the last poll.', evidence };
    const v = hostValues(input);
    const used = num(input.info, 'used_memory');
    const max = num(input.info, 'maxmemory');
    const raise =
      used !== undefined && max !== undefined && max > 0
        ? `Raise maxmemory (now ${fmtBytes(max)}, used ${fmtBytes(used)}): \`${v.cli} CONFIG SET maxmemory ${redisMb(Math.max(used, max) * 1.25)}\`, or for a cache \`${v.cli} CONFIG SET maxmemory-policy allkeys-lru\`.`
        : `Raise maxmemory (\`${v.cli} CONFIG GET maxmemory\` shows it), or for a cache \`${v.cli} CONFIG SET maxmemory-policy allkeys-lru\`.`;
    return {
      failing: true,
      summary: `${grew} commands were rejected with OOM since the last poll.`,
      evidence,
      remedy: [raise, `Delete large or unneeded keys (\`${v.cli} --bigkeys\`, \`DEL key\`) and set TTLs on temporary ones.`],
    };
  },
};

/** Redis only rejects with OOM over maxmemory: below it (or with none) the cause is gone. */
function hasRoom(input: Parameters<Rule['evaluate']>[0]): boolean {
  const used = num(input.info, 'used_memory');
  const max = num(input.info, 'maxmemory');
  if (used === undefined || max === undefined) return false;
  return max === 0 || used - (num(input.info, 'mem_not_counted_for_evict') ?? 0) < max;
}

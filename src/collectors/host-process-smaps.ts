import { monotonicMs } from '../host/clock.js';
import { readAnonHugePages } from '../host/process.js';
import type { ParsedInfo } from '../parse/info.js';
import { needs, type HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_process_smaps', section: 'host' },
  {
    processAnonHugepagesBytes: {
      name: 'redis_process_anon_hugepages_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'AnonHugePages of the Redis process (smaps_rollup): memory on transparent huge pages.',
      doc: '`/proc/<pid>/smaps_rollup` AnonHugePages of the Redis process',
    },
  },
);

/**
 * What AnonHugePages depends on, as far as one poll can tell: a huge page is faulted in, freed,
 * swapped out or split by a partial unmap only with a change of RssAnon (/proc/<pid>/status,
 * read every poll); a fork child's copy-on-write splits the parent's huge pages without moving
 * RssAnon, so while a fork runs there is no stamp (read every poll) and a finished one moves
 * total_forks. Not in it: khugepaged collapsing fully populated ranges into huge pages (RssAnon
 * unchanged), which the slow window catches. undefined: no stamp, read.
 */
export function hugePagesStamp(info: ParsedInfo, thpEnabled: boolean | undefined, rssAnonBytes: number | undefined): string | undefined {
  const f = info.fields;
  const forks = f.get('total_forks');
  if (rssAnonBytes === undefined || forks === undefined) return undefined;
  if (f.get('rdb_bgsave_in_progress') === '1' || f.get('aof_rewrite_in_progress') === '1' || f.get('module_fork_in_progress') === '1') return undefined;
  return `${thpEnabled}:${rssAnonBytes}:${forks}`;
}

/** Anonymous memory of the Redis process on transparent huge pages: each COW copies 2 MB, not 4 kB. */
export const hostProcessSmapsCollector: HostCollector = {
  name: 'host_process_smaps',
  needsRedis: true,
  async read({ ctx, settings, state, so }) {
    // Only a pid that host_process verified as Redis: another process's smaps would be a lie.
    const pid = needs(so.process?.pid, 'Redis process not verified this poll (see host_process)');
    // smaps_rollup is the dearest host read (a pool round trip and a walk of Redis's page
    // tables), so it is read only when AnonHugePages can have changed (hugePagesStamp), and at
    // least once per slow window (--poll.config-interval). A process with THP disabled for
    // itself (`THP_enabled: 0`: Redis's disable-thp on a host with THP "always") gets no new
    // huge pages, so a 0 stays 0 whatever its memory does.
    const now = monotonicMs();
    const last = state.hugePages;
    const slowMs = settings.shared?.slowMaxAgeMs ?? 0;
    const stamp = hugePagesStamp(ctx.info, so.process?.thpEnabled, so.process?.rssAnonBytes);
    if (last?.pid === pid && now - last.atMs < slowMs && ((so.process?.thpEnabled === false && last.bytes === 0) || (stamp !== undefined && stamp === last.stamp))) {
      return { anonHugePagesBytes: last.bytes };
    }
    state.hugePages = undefined;
    const bytes = await readAnonHugePages(settings.roots, pid);
    state.hugePages = { pid, bytes, atMs: now, ...(stamp !== undefined ? { stamp } : {}) };
    return { anonHugePagesBytes: bytes };
  },
  collect({ extras }, sink) {
    sink.emit(FAMILIES.processAnonHugepagesBytes, extras.host?.anonHugePagesBytes);
  },
};

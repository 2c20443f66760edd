import { hostValues, onRedisHost, type HostValues } from '../host-values.js';
import { fmtBytes, num, pct } from '../read.js';
import type { DoctorInput, Rule } from '../types.js';

const MiB = 1024 ** 2;

/**
 * What the next save writes, at most: the last RDB file, or the AOF on disk when AOF is on
 * (a rewrite writes a new base of about that size); with no file yet, used_memory_dataset,
 * which an RDB of the same data does not exceed. `basis` says which one it is.
 */
export function nextSaveEstimate(input: DoctorInput): { bytes: number; basis: string } | undefined {
  const files = input.extras.host?.files;
  const rdb = files?.rdb?.sizeBytes;
  const aof = files?.aof ? (files.aof.base ?? 0) + (files.aof.incr ?? 0) + (files.aof.single ?? 0) : undefined;
  const aofOn = num(input.info, 'aof_enabled') === 1;
  const candidates: { bytes: number; basis: string }[] = [];
  if (rdb !== undefined) candidates.push({ bytes: rdb, basis: 'the last RDB file' });
  if (aofOn && aof !== undefined && aof > 0) candidates.push({ bytes: aof, basis: 'the AOF on disk' });
  if (candidates.length > 0) return candidates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const dataset = num(input.info, 'used_memory_dataset') ?? num(input.info, 'used_memory');
  return dataset === undefined ? undefined : { bytes: dataset, basis: 'used_memory_dataset (nothing saved yet)' };
}

/** tmpfs can be grown in place; other filesystems need their volume grown or space freed. */
function growStep(v: HostValues, sizeBytes: number, availBytes: number, need: number): string {
  const where = v.mountPoint ?? v.dir;
  if (v.fsType === 'tmpfs' && v.mountPoint) {
    const newSize = Math.ceil((sizeBytes - availBytes + 2 * need + sizeBytes * 0.1) / MiB);
    return `This is a tmpfs: grow it in place with ${onRedisHost(v, `mount -o remount,size=${newSize}m ${v.mountPoint}`)} (room for two saves), and make the size permanent where the mount is defined (fstab, unit or pod spec).`;
  }
  return `Grow the volume holding ${where ? `\`${where}\`` : 'the data dir'}, or move the data dir to a larger disk (\`dir\` in redis.conf; \`CONFIG SET dir\` needs enable-protected-configs).`;
}

export const diskSpaceLow: Rule = {
  id: 'disk-space-low',
  severity: 'warning',
  title: 'Data directory disk nearly full',
  when: "the data directory's filesystem has less than `disk-avail-ratio` (10%) free (warning), or less free than an upper bound of what the next save writes — the larger of the last RDB file and the AOF (when on), else `used_memory_dataset` (critical)",
  remedy: [
    'Check the space: `df -h <dir>`; above 90% full, saves start failing with "No space left on device".',
    'See what takes it (`du -sh <dir>/* | sort -h`) and remove old dump files and backups, or grow the volume (a tmpfs: `mount -o remount,size=… <mount point>`).',
    'Move the data directory to a larger disk (`dir /path` in redis.conf, or `CONFIG SET dir` with enable-protected-configs).',
  ],
  evaluate(input) {
    const dir = input.extras.host?.dataDir;
    if (!dir || dir.sizeBytes <= 0) return undefined;
    const ratio = dir.availBytes / dir.sizeBytes;
    const est = nextSaveEstimate(input);
    const v = hostValues(input);
    const evidence = {
      ...(v.dir ? { data_dir: v.dir } : {}),
      ...(dir.mountPoint ? { mount_point: dir.mountPoint, fs_type: dir.fsType ?? 'unknown' } : {}),
      avail_bytes: dir.availBytes,
      size_bytes: dir.sizeBytes,
      next_save_upper_bound_bytes: est?.bytes ?? 'n/a',
      next_save_estimate_basis: est?.basis ?? 'n/a',
    };
    const short = est !== undefined && dir.availBytes < est.bytes;
    if (!short && ratio >= input.thresholds['disk-avail-ratio']) return { failing: false, summary: `${pct(ratio)} free under the data directory.`, evidence };
    const where = dir.mountPoint ?? v.dir;
    const remedy = [
      `Check the space: ${where ? onRedisHost(v, `df -h ${where}`) : 'the data dir is unknown (CONFIG GET dir unavailable)'}; see what takes it with ${v.dir ? onRedisHost(v, `du -sh ${v.dir}/* | sort -h`) : '`du`'} and remove old dumps and backups.`,
      growStep(v, dir.sizeBytes, dir.availBytes, est?.bytes ?? 0),
    ];
    if (short && est) {
      return {
        failing: true,
        severity: 'critical',
        title: dir.availBytes === 0 ? 'Data directory disk full' : 'Data directory disk too full for the next save',
        summary: `Only ${fmtBytes(dir.availBytes)} free under the data directory; the next save writes up to ${fmtBytes(est.bytes)} (${est.basis}).`,
        evidence,
        remedy,
      };
    }
    return { failing: true, summary: `Only ${pct(ratio)} (${fmtBytes(dir.availBytes)}) free under the data directory.`, evidence, remedy };
  },
};

import type { ParsedInfo } from '../parse/info.js';
import { toNumber } from '../parse/info.js';
import type { LogEvent } from '../parse/redis-log.js';
import type { DoctorInput } from './types.js';

/** Small readers so rules state their logic, not their parsing. */
export function num(info: ParsedInfo | undefined, field: string): number | undefined {
  return toNumber(info?.fields.get(field));
}

export function str(info: ParsedInfo | undefined, field: string): string | undefined {
  return info?.fields.get(field);
}

const NONE = new Map<never, never>();

/**
 * What the doctor keeps of a poll's INFO until the next one: rules compare fields and error
 * counts with the previous poll (grewBy), never command or latency stats, which are most of a
 * busy server's INFO. Kept once per target, so every dropped map counts hundreds of times.
 */
export function previousForDoctor(info: ParsedInfo): ParsedInfo {
  return { fields: info.fields, sections: info.sections, errorstats: info.errorstats, keyspace: [], replicas: [], commandstats: NONE, latencyPercentiles: NONE };
}

/** How much a counter grew since the previous poll; undefined without a previous poll. A reset counts as no growth. */
export function grewBy(input: DoctorInput, read: (info: ParsedInfo) => number | undefined): number | undefined {
  if (!input.info || !input.previous) return undefined;
  const now = read(input.info);
  const before = read(input.previous.info);
  if (now === undefined) return undefined;
  return Math.max(0, now - (before ?? 0));
}

/** True when RDB save points or AOF are configured: a fork will happen. */
export function persistenceOn(input: DoctorInput): boolean | undefined {
  const aof = num(input.info, 'aof_enabled');
  const save = input.config?.string('save');
  if (aof === undefined && save === undefined) return undefined;
  return aof === 1 || (save !== undefined && save.trim() !== '');
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

/** "12 s", "5 min", "3.2 h", "2.0 d": evidence for people. */
export function fmtDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** INFO fields that hold bytes without saying so in their name. */
const BYTE_FIELDS = new Set([
  'used_memory',
  'maxmemory',
  'used_memory_dataset',
  'used_memory_rss',
  'rdb_last_cow_size',
  'aof_last_cow_size',
  'repl_backlog_size',
  'mem_not_counted_for_evict',
  'aof_current_size',
  'aof_base_size',
  'suggested_maxmemory',
]);

/**
 * Evidence in human units for the page and `doctor` (/doctor.json keeps the raw numbers):
 * byte counts as MiB/GiB, ages as "12 s ago", durations as "12 s".
 */
export function humanEvidence(evidence: Readonly<Record<string, string | number>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(evidence)) {
    if (typeof v !== 'number') out[k] = v;
    else if (k.endsWith('_bytes') || BYTE_FIELDS.has(k)) out[k] = fmtBytes(v);
    else if (/(_ago|_age)_seconds$|_ago$/.test(k)) out[k] = `${fmtDuration(v)} ago`;
    else if (k.endsWith('_seconds')) out[k] = fmtDuration(v);
    else out[k] = String(v);
  }
  return out;
}

/** Redis memory notation rounded up to whole MiB, as CONFIG SET accepts it: "5mb". */
export function redisMb(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 2))}mb`;
}

/**
 * The most recent line of the followed Redis log among `events`, as evidence ("the doctor quotes
 * the log"): its time as Redis wrote it and its text with key names redacted.
 */
export function logEvidence(input: DoctorInput, events: readonly LogEvent[]): Record<string, string> {
  const log = input.extras.redisLog;
  if (!log) return {};
  let best: { time: string; text: string; seq: number } | undefined;
  for (const e of events) {
    const l = log.last[e];
    if (l && (!best || l.seq > best.seq)) best = l;
  }
  return best ? { log_line_time: best.time || 'unknown', log_line: best.text, log_file: log.path } : {};
}

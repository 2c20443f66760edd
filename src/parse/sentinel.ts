/** Pure parsers for a Sentinel's INFO `masterN` lines and its SENTINEL MASTERS/SENTINELS/SLAVES replies. */
import { parseKv, toNumber, type ParsedInfo } from './info.js';

export interface SentinelMasterLine {
  readonly name: string;
  /** `ok`, `sdown` or `odown`. */
  readonly status: string;
  /** `ip:port` as Sentinel prints it. */
  readonly address: string;
  readonly slaves: number;
  readonly sentinels: number;
}

const MASTER_LINE = /^master\d+$/;

/**
 * INFO sentinel's `masterN:name=…,status=…,address=…,slaves=…,sentinels=…` lines, in order.
 * A line without numeric slaves/sentinels is skipped, as redis_exporter does.
 */
export function sentinelMasterLines(info: ParsedInfo): SentinelMasterLine[] {
  const out: SentinelMasterLine[] = [];
  for (const [key, value] of info.fields) {
    if (!MASTER_LINE.test(key) || !value.includes('=')) continue;
    const kv = parseKv(value);
    const slaves = toNumber(kv.get('slaves'));
    const sentinels = toNumber(kv.get('sentinels'));
    if (slaves === undefined || sentinels === undefined) continue;
    out.push({ name: kv.get('name') ?? '', status: kv.get('status') ?? '', address: kv.get('address') ?? '', slaves, sentinels });
  }
  return out;
}

/**
 * One SENTINEL MASTERS/SENTINELS/SLAVES reply → a field map per entry. RESP2 gives flat
 * [k, v, k, v] arrays, RESP3 maps; anything else is skipped.
 */
export function sentinelTable(reply: unknown): ReadonlyMap<string, string>[] {
  if (!Array.isArray(reply)) return [];
  const out: Map<string, string>[] = [];
  for (const entry of reply) {
    const fields = new Map<string, string>();
    if (Array.isArray(entry)) {
      for (let i = 0; i + 1 < entry.length; i += 2) fields.set(String(entry[i]), String(entry[i + 1]));
    } else if (entry instanceof Map) {
      for (const [k, v] of entry) fields.set(String(k), String(v));
    } else if (entry !== null && typeof entry === 'object') {
      for (const [k, v] of Object.entries(entry)) fields.set(k, String(v));
    } else continue;
    out.push(fields);
  }
  return out;
}

/** Entries (replicas or peer Sentinels) that have flags and none of them is s_down or o_down. */
export function countUp(entries: readonly ReadonlyMap<string, string>[]): number {
  return entries.filter((e) => {
    const flags = e.get('flags');
    return flags !== undefined && !flags.includes('s_down') && !flags.includes('o_down');
  }).length;
}

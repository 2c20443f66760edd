/**
 * Pure parser for the text of `INFO` (any section set), Redis 5 through 7.4 and Valkey 8.
 * It never throws: malformed lines are skipped, unknown fields are kept as strings.
 */

/** field → raw string value, per section (lower-cased section names, e.g. "persistence"). */
export interface ParsedInfo {
  /** Every `key:value` line, flattened; later sections win on a duplicate key. */
  readonly fields: ReadonlyMap<string, string>;
  /** Every `# Section` header seen, lower-cased (an empty section still counts as present). */
  readonly sections: ReadonlySet<string>;
  /** `dbN:keys=…,expires=…` lines, parsed by field name. */
  readonly keyspace: readonly KeyspaceEntry[];
  /** `slaveN:ip=…,port=…` lines on a master. */
  readonly replicas: readonly ReplicaEntry[];
  /** `errorstat_<PREFIX>:count=N`. */
  readonly errorstats: ReadonlyMap<string, number>;
  /** `cmdstat_<cmd>:calls=…,usec=…`. */
  readonly commandstats: ReadonlyMap<string, CommandStat>;
  /** `latency_percentiles_usec_<cmd>:p50=…,p99=…`. */
  readonly latencyPercentiles: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface KeyspaceEntry {
  readonly db: string;
  readonly keys: number | undefined;
  readonly expires: number | undefined;
  readonly avgTtlMs: number | undefined;
  readonly subexpiry: number | undefined;
}

export interface ReplicaEntry {
  readonly ip: string;
  readonly port: string;
  readonly state: string;
  readonly offset: number | undefined;
  readonly lag: number | undefined;
}

export interface CommandStat {
  readonly calls: number;
  readonly usec: number;
  readonly rejectedCalls: number | undefined;
  readonly failedCalls: number | undefined;
}

/** Parses `a=1,b=2` into a map. Values stay strings; callers pick the ones they know. */
export function parseKv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

/**
 * What parseKv(text).get(key) gives, without the Map, the array of parts and a string per part:
 * the value of the last `key=` part (a later duplicate wins, as Map.set does). `keyEq` is the
 * key with its '=' (a constant at the caller). A match must start a part: `calls=` inside
 * `rejected_calls=` or inside a value is not one.
 */
export function kvValue(text: string, keyEq: string): string | undefined {
  let at = text.lastIndexOf(keyEq);
  while (at > 0 && text.charCodeAt(at - 1) !== 44) at = text.lastIndexOf(keyEq, at - 1);
  if (at < 0) return undefined;
  const from = at + keyEq.length;
  const comma = text.indexOf(',', from);
  return text.slice(from, comma < 0 ? text.length : comma);
}

/** A finite number or undefined: INFO values such as "-nan" or "inf" must never leak out as NaN. */
export function toNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

const PERCENTILE = /^p\d{1,3}(?:\.\d{1,6})?$/;

/** Char codes of the first letters of the keys parsed on their own (cmdstat_, db0, errorstat_, latency_…, slave0). */
const C = 99;
const D = 100;
const E = 101;
const L = 108;
const S = 115;

/** True when text[from, to) is one or more ASCII digits (`db<N>`, `slave<N>` without a regex per line). */
function digitsOnly(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `=` in text[from, to). */
function hasEq(text: string, from: number, to: number): boolean {
  const eq = text.indexOf('=', from);
  return eq >= 0 && eq < to;
}

export function parseInfo(text: string): ParsedInfo {
  const fields = new Map<string, string>();
  const sections = new Set<string>();
  const keyspace: KeyspaceEntry[] = [];
  const replicas: ReplicaEntry[] = [];
  const errorstats = new Map<string, number>();
  const commandstats = new Map<string, CommandStat>();
  const latencyPercentiles = new Map<string, Map<string, number>>();

  // Scanned with indexOf rather than split: no array of lines nor a string per line (a poll's
  // INFO is ~250 lines, parsed unoptimised: config/v8-tiering.ts). A plain field line costs one
  // test of its first character before its key and value are sliced: the special lines
  // (cmdstat_, db<N>, errorstat_, latency_percentiles_usec_, slave<N>) are told apart by it, so
  // the ~200 plain fields do no regex, no startsWith and no slice they do not keep.
  const len = text.length;
  let next = 0;
  // The first ':' at or after the line start, found once for many lines: searching from each
  // line start would rescan a long run of lines without one (a hostile reply) quadratically.
  let colonAt = -1;
  while (next < len) {
    const start = next;
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // \r
    if (end === start) continue;
    const c0 = text.charCodeAt(start);
    if (c0 === 35) {
      // '#'
      const section = text
        .slice(start + 1, end)
        .trim()
        .toLowerCase();
      if (section !== '') sections.add(section);
      continue;
    }
    if (colonAt < start && colonAt !== len) {
      colonAt = text.indexOf(':', start);
      if (colonAt < 0) colonAt = len;
    }
    const colon = colonAt;
    if (colon <= start || colon >= end) continue;
    if (c0 === D && text.charCodeAt(start + 1) === 98 && digitsOnly(text, start + 2, colon) && hasEq(text, colon + 1, end)) {
      // db<N>. A database listed with an unreadable count is still present: it gets no series, not a 0.
      const value = text.slice(colon + 1, end);
      keyspace.push({
        db: text.slice(start, colon),
        keys: toNumber(kvValue(value, 'keys=')),
        expires: toNumber(kvValue(value, 'expires=')),
        avgTtlMs: toNumber(kvValue(value, 'avg_ttl=')),
        subexpiry: toNumber(kvValue(value, 'subexpiry=')),
      });
      continue;
    }
    if (c0 === S && text.startsWith('slave', start) && digitsOnly(text, start + 5, colon) && hasEq(text, colon + 1, end)) {
      const kv = parseKv(text.slice(colon + 1, end));
      const ip = kv.get('ip');
      const port = kv.get('port');
      if (ip === undefined || port === undefined) continue;
      replicas.push({
        ip,
        port,
        state: kv.get('state') ?? '',
        offset: toNumber(kv.get('offset')),
        lag: toNumber(kv.get('lag')),
      });
      continue;
    }
    if (c0 === E && text.startsWith('errorstat_', start)) {
      const count = toNumber(kvValue(text.slice(colon + 1, end), 'count='));
      if (count !== undefined) errorstats.set(text.slice(start + 10, colon), count);
      continue;
    }
    if (c0 === C && text.startsWith('cmdstat_', start)) {
      // One line per command a busy server has run (hundreds): read by name, no Map per line.
      const value = text.slice(colon + 1, end);
      const calls = toNumber(kvValue(value, 'calls='));
      const usec = toNumber(kvValue(value, 'usec='));
      if (calls === undefined || usec === undefined) continue;
      commandstats.set(text.slice(start + 8, colon), {
        calls,
        usec,
        rejectedCalls: toNumber(kvValue(value, 'rejected_calls=')),
        failedCalls: toNumber(kvValue(value, 'failed_calls=')),
      });
      continue;
    }
    if (c0 === L && text.startsWith('latency_percentiles_usec_', start)) {
      const points = new Map<string, number>();
      parseKv(text.slice(colon + 1, end)).forEach((v, p) => {
        const n = toNumber(v);
        // The name becomes a quantile label, which parsers read as a float: only p<0..100> is kept.
        if (PERCENTILE.test(p) && Number(p.slice(1)) <= 100 && n !== undefined) points.set(p.slice(1), n);
      });
      if (points.size > 0) latencyPercentiles.set(text.slice(start + 25, colon), points);
      continue;
    }
    fields.set(text.slice(start, colon), text.slice(colon + 1, end));
  }
  return { fields, sections, keyspace, replicas, errorstats, commandstats, latencyPercentiles };
}

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

const KEYSPACE_LINE = /^db\d+$/;
const REPLICA_LINE = /^slave\d+$/;
const PERCENTILE = /^p\d{1,3}(?:\.\d{1,6})?$/;

export function parseInfo(text: string): ParsedInfo {
  const fields = new Map<string, string>();
  const sections = new Set<string>();
  const keyspace: KeyspaceEntry[] = [];
  const replicas: ReplicaEntry[] = [];
  const errorstats = new Map<string, number>();
  const commandstats = new Map<string, CommandStat>();
  const latencyPercentiles = new Map<string, Map<string, number>>();

  // Scanned with indexOf rather than split: no array of lines nor a string per line (a poll's
  // INFO is ~250 lines, parsed unoptimised: config/v8-tiering.ts).
  let next = 0;
  // The first ':' at or after the line start, found once for many lines: searching from each
  // line start would rescan a long run of lines without one (a hostile reply) quadratically.
  let colonAt = -1;
  while (next < text.length) {
    const start = next;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // \r
    if (end === start) continue;
    if (text.charCodeAt(start) === 35) {
      // '#'
      const section = text
        .slice(start + 1, end)
        .trim()
        .toLowerCase();
      if (section !== '') sections.add(section);
      continue;
    }
    if (colonAt < start && colonAt !== text.length) {
      colonAt = text.indexOf(':', start);
      if (colonAt < 0) colonAt = text.length;
    }
    const colon = colonAt;
    if (colon <= start || colon >= end) continue;
    const key = text.slice(start, colon);
    const value = text.slice(colon + 1, end);

    if (key.charCodeAt(0) === 100 && KEYSPACE_LINE.test(key) && value.includes('=')) {
      // A database listed with an unreadable count is still present: it gets no series, not a 0.
      keyspace.push({
        db: key,
        keys: toNumber(kvValue(value, 'keys=')),
        expires: toNumber(kvValue(value, 'expires=')),
        avgTtlMs: toNumber(kvValue(value, 'avg_ttl=')),
        subexpiry: toNumber(kvValue(value, 'subexpiry=')),
      });
      continue;
    }
    if (key.charCodeAt(0) === 115 && REPLICA_LINE.test(key) && value.includes('=')) {
      const kv = parseKv(value);
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
    if (key.startsWith('errorstat_')) {
      const count = toNumber(kvValue(value, 'count='));
      if (count !== undefined) errorstats.set(key.slice('errorstat_'.length), count);
      continue;
    }
    if (key.startsWith('cmdstat_')) {
      // One line per command a busy server has run (hundreds): read by name, no Map per line.
      const calls = toNumber(kvValue(value, 'calls='));
      const usec = toNumber(kvValue(value, 'usec='));
      if (calls === undefined || usec === undefined) continue;
      commandstats.set(key.slice('cmdstat_'.length), {
        calls,
        usec,
        rejectedCalls: toNumber(kvValue(value, 'rejected_calls=')),
        failedCalls: toNumber(kvValue(value, 'failed_calls=')),
      });
      continue;
    }
    if (key.startsWith('latency_percentiles_usec_')) {
      const points = new Map<string, number>();
      parseKv(value).forEach((v, p) => {
        const n = toNumber(v);
        // The name becomes a quantile label, which parsers read as a float: only p<0..100> is kept.
        if (PERCENTILE.test(p) && Number(p.slice(1)) <= 100 && n !== undefined) points.set(p.slice(1), n);
      });
      if (points.size > 0) latencyPercentiles.set(key.slice('latency_percentiles_usec_'.length), points);
      continue;
    }
    fields.set(key, value);
  }
  return { fields, sections, keyspace, replicas, errorstats, commandstats, latencyPercentiles };
}

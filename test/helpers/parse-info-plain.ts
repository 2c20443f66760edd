import { parseKv, toNumber, type CommandStat, type KeyspaceEntry, type ParsedInfo, type ReplicaEntry } from '../../src/parse/info.js';

/**
 * parseInfo as it was before session 6 (split into lines, a string per line): the oracle the
 * indexOf scanner is checked against (test/unit/info-parser-scan.test.ts).
 */
const KEYSPACE_LINE = /^db\d+$/;
const REPLICA_LINE = /^slave\d+$/;
const PERCENTILE = /^p\d{1,3}(?:\.\d{1,6})?$/;

export function parseInfoPlain(text: string): ParsedInfo {
  const fields = new Map<string, string>();
  const sections = new Set<string>();
  const keyspace: KeyspaceEntry[] = [];
  const replicas: ReplicaEntry[] = [];
  const errorstats = new Map<string, number>();
  const commandstats = new Map<string, CommandStat>();
  const latencyPercentiles = new Map<string, Map<string, number>>();

  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const section = line.slice(1).trim().toLowerCase();
      if (section !== '') sections.add(section);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);

    if (KEYSPACE_LINE.test(key) && value.includes('=')) {
      const kv = parseKv(value);
      // A database listed with an unreadable count is still present: it gets no series, not a 0.
      keyspace.push({
        db: key,
        keys: toNumber(kv.get('keys')),
        expires: toNumber(kv.get('expires')),
        avgTtlMs: toNumber(kv.get('avg_ttl')),
        subexpiry: toNumber(kv.get('subexpiry')),
      });
      continue;
    }
    if (REPLICA_LINE.test(key) && value.includes('=')) {
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
      const count = toNumber(parseKv(value).get('count'));
      if (count !== undefined) errorstats.set(key.slice('errorstat_'.length), count);
      continue;
    }
    if (key.startsWith('cmdstat_')) {
      const kv = parseKv(value);
      const calls = toNumber(kv.get('calls'));
      const usec = toNumber(kv.get('usec'));
      if (calls === undefined || usec === undefined) continue;
      commandstats.set(key.slice('cmdstat_'.length), {
        calls,
        usec,
        rejectedCalls: toNumber(kv.get('rejected_calls')),
        failedCalls: toNumber(kv.get('failed_calls')),
      });
      continue;
    }
    if (key.startsWith('latency_percentiles_usec_')) {
      const points = new Map<string, number>();
      for (const [p, v] of parseKv(value)) {
        const n = toNumber(v);
        // The name becomes a quantile label, which parsers read as a float: only p<0..100> is kept.
        if (PERCENTILE.test(p) && Number(p.slice(1)) <= 100 && n !== undefined) points.set(p.slice(1), n);
      }
      if (points.size > 0) latencyPercentiles.set(key.slice('latency_percentiles_usec_'.length), points);
      continue;
    }
    fields.set(key, value);
  }
  return { fields, sections, keyspace, replicas, errorstats, commandstats, latencyPercentiles };
}

/**
 * Pure parser for `LATENCY LATEST` as node-redis returns it (RESP2 arrays of strings and
 * integers). Malformed entries are skipped, never thrown.
 */

export interface LatencyEvent {
  /** Event class: command, fast-command, fork, aof-fsync-always, aof-write-pending-fsync, … */
  readonly event: string;
  /** Unix seconds of the latest spike. */
  readonly lastSpikeAt: number;
  /** Duration of the latest spike, milliseconds. */
  readonly latestMs: number;
  /** Longest spike since the event was last reset, milliseconds. */
  readonly maxMs: number;
}

/** An integer reply (or its string form) → number; anything else → undefined. */
export function int(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** `LATENCY LATEST` → one entry per event: [name, unix time, latest ms, max ms, …]. */
export function parseLatencyLatest(reply: unknown): LatencyEvent[] {
  if (!Array.isArray(reply)) return [];
  const out: LatencyEvent[] = [];
  for (const row of reply) {
    if (!Array.isArray(row) || row.length < 4) continue;
    const [name, at, latest, max] = row as unknown[];
    const lastSpikeAt = int(at);
    const latestMs = int(latest);
    const maxMs = int(max);
    if (typeof name !== 'string' || name === '' || lastSpikeAt === undefined || latestMs === undefined || maxMs === undefined) continue;
    out.push({ event: name, lastSpikeAt, latestMs, maxMs });
  }
  return out;
}

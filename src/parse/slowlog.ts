/** Pure parsers for `SLOWLOG LEN` and `SLOWLOG GET 1` replies; malformed replies give undefined. */
import { int } from './latency.js';

export interface SlowlogEntry {
  readonly id: number;
  readonly durationUs: number;
}

/**
 * The newest entry of `SLOWLOG GET 1`: [[id, unix time, µs, [args…], client addr, client name]].
 * Only id and duration are kept (the time must be there, for a well-formed entry): the
 * arguments can hold keys and values, which never leave this function.
 */
export function parseSlowlogNewest(reply: unknown): SlowlogEntry | undefined {
  if (!Array.isArray(reply) || !Array.isArray(reply[0])) return undefined;
  const [id, at, us] = reply[0] as unknown[];
  const entry = { id: int(id), durationUs: int(us) };
  if (entry.id === undefined || int(at) === undefined || entry.durationUs === undefined) return undefined;
  return entry as SlowlogEntry;
}

/** `SLOWLOG LEN` → a non-negative count, or undefined for anything else. */
export function parseSlowlogLength(reply: unknown): number | undefined {
  const n = int(reply);
  return n !== undefined && n >= 0 ? n : undefined;
}

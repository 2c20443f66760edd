import type { ParsedInfo } from '../parse/info.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { SampleSink } from '../exposition/sample.js';
import type { RedisSource } from '../redis/connection.js';
import type { Logger } from '../log.js';

/**
 * Inputs a poll gathered beyond INFO and CONFIG (host readings, LATENCY, SLOWLOG, …). Each
 * collector that fetches adds its own optional field here by declaration merging, in its own
 * file: `declare module './types.js' { interface PollExtras { latency?: … } }`. The doctor
 * reads the same fields.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PollExtras {}

/** What one poll fetched; collectors turn it into samples. */
export interface PollInputs {
  readonly info: ParsedInfo;
  /** Latest CONFIG GET reply (refreshed less often than INFO); undefined when CONFIG is skipped or refused. */
  readonly config: RedisConfigValues | undefined;
  /** Unix time of the poll, in seconds. */
  readonly now: number;
  /** false when Redis could not be polled: only collectors that do not need Redis run then. */
  readonly redisUp: boolean;
  readonly extras: PollExtras;
}

/** The part of the Redis connection a poll may use: commands (some sent ahead in one write), and a reset after a missed deadline. */
export type CommandSource = Pick<RedisSource, 'command' | 'reset' | 'sendAhead' | 'forgetAhead'>;

export interface FetchContext {
  readonly source: CommandSource;
  /** INFO of this poll; empty when Redis is down. */
  readonly info: ParsedInfo;
  /** performance.now() when this poll's INFO reply arrived (rates between polls divide by this). */
  readonly infoAtMs: number;
  /** Latest known CONFIG (kept from earlier polls while Redis is down). */
  readonly config: RedisConfigValues | undefined;
  readonly redisUp: boolean;
  readonly now: number;
  /** Target as it may be shown (no credentials), for log lines. */
  readonly target: string;
  /** The poll's logger: collectors log state changes (e.g. a command refused) once, not per poll. */
  readonly logger: Logger;
  /** The poll itself so far (redis_exporter's per-scrape self-metrics read it); absent in replays. */
  readonly poll?: PollTiming;
}

export interface PollTiming {
  /** process.hrtime.bigint() when the poll started. */
  readonly startedNs: bigint;
  /** Why INFO/CONFIG failed, as it may be shown (no credentials, no echoed arguments); undefined on success. */
  readonly error: string | undefined;
  /** Time this poll spent connecting to Redis; 0 when the open connection was reused. */
  readonly connectSeconds: number;
}

/**
 * One source of data, the unit of extension (as in node_exporter): what it reads and how it
 * turns inputs into samples. Its health — redis_vitals_collector_success{collector} and
 * redis_vitals_collector_duration_seconds{collector} — is reported under its `name`: a failed
 * fetch or a throwing collect sets success 0 and costs only this collector's series.
 */
export interface Collector {
  /** Stable name, shown as the `collector` label. */
  readonly name: string;
  /** false: fetched and collected even when Redis is down (the host still has a disk to report). */
  readonly needsRedis: boolean;
  /**
   * Its fetch does no I/O and returns at once: started even after the poll's deadline passed
   * (exporter_compat, whose "this poll failed" must not vanish with a slow poll).
   */
  readonly instant?: true;
  /**
   * The Redis commands its fetch will send this poll, judged from INFO before any fetch runs:
   * the poll sends every collector's in one write (one round trip for all, not one each), and
   * the fetch's ctx.source.command(sameArray) gets that reply. Return the very arrays the fetch
   * passes (module constants). Omitted or []: its fetch sends what it sends on its own.
   */
  commands?(ctx: FetchContext): readonly (readonly string[])[];
  /**
   * Those of its commands() that depend on nothing in INFO but the server's run_id (its refusal
   * gate): the poll sends them in the same write as INFO, judged on the last successful poll's
   * run_id, so a plain Redis costs one round trip a poll. A restart in between (another run_id)
   * only means a command the gate would have skipped is tried once, as the gate does anyway.
   */
  commandsWithInfo?(runId: string, source: CommandSource): readonly (readonly string[])[];
  /**
   * I/O of one poll (bounded by its deadline); returns this collector's fields of PollExtras.
   * A fetch with nothing to wait for this poll (not a cluster, no replicas, a cached file) returns
   * them at once, not in a promise: the poll then spends no race, promise or turn of the loop on it.
   */
  fetch?(ctx: FetchContext): Promise<Partial<PollExtras>> | Partial<PollExtras>;
  /** Pure: inputs → samples. */
  collect(inputs: PollInputs, sink: SampleSink): void;
}

/** INFO's textual states mapped the way redis_exporter maps them: ok/up → 1, err/down → 0. */
export function infoValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  switch (raw) {
    case 'ok':
    case 'up':
    case 'yes':
      return 1;
    case 'err':
    case 'down':
    case 'no':
    case 'fail':
      return 0;
  }
  if (raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

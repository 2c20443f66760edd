import type { ParsedInfo } from '../parse/info.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { SampleSink } from '../exposition/sample.js';
import type { RedisSource } from '../redis/connection.js';
import type { Logger } from '../log.js';

/**
 * Inputs gathered by fetchers beyond INFO and CONFIG (host readings, LATENCY, SLOWLOG, …).
 * Each fetcher module adds its own optional field here by declaration merging, e.g.
 * `declare module '../collectors/types.js' { interface PollExtras { host?: HostReadings } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PollExtras {}

/** What one poll fetched; collectors turn it into samples. */
export interface PollInputs {
  readonly info: ParsedInfo;
  /** Latest CONFIG GET reply (refreshed less often than INFO); undefined when CONFIG is skipped or refused. */
  readonly config: RedisConfigValues | undefined;
  /** Unix time of the poll, in seconds. */
  readonly now: number;
  /** false when Redis could not be polled: only collectors with `withoutRedis` run then. */
  readonly redisUp: boolean;
  readonly extras: PollExtras;
}

export interface Collector {
  /** Stable name, used in redis_vitals_collector_success{collector}. */
  readonly name: string;
  /** Runs even when Redis is down (host collectors: the host still has a disk to report). */
  readonly withoutRedis?: boolean;
  collect(inputs: PollInputs, sink: SampleSink): void;
}

export interface FetchContext {
  readonly source: RedisSource;
  /** INFO of this poll; empty when Redis is down. */
  readonly info: ParsedInfo;
  /** Latest known CONFIG (kept from earlier polls while Redis is down). */
  readonly config: RedisConfigValues | undefined;
  readonly redisUp: boolean;
  readonly now: number;
  /** Target as it may be shown (no credentials), for log lines. */
  readonly target: string;
  /** The poller's logger: fetchers log state changes (e.g. a command refused) once, not per poll. */
  readonly logger: Logger;
}

/**
 * Fetches one extra input per poll. A failing fetcher marks its own collector_success 0 and
 * leaves the rest of the poll intact.
 */
export interface Fetcher {
  readonly name: string;
  readonly withoutRedis?: boolean;
  fetch(ctx: FetchContext): Promise<Partial<PollExtras>>;
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

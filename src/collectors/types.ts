import type { ParsedInfo } from '../parse/info.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { SampleSink } from '../metrics/sample.js';

/** What one poll fetched from a Redis target; collectors turn it into samples. */
export interface PollInputs {
  readonly info: ParsedInfo;
  /** Latest CONFIG GET reply (refreshed less often than INFO); undefined when CONFIG is skipped or refused. */
  readonly config: RedisConfigValues | undefined;
  /** Unix time of the poll, in seconds. */
  readonly now: number;
}

export interface Collector {
  /** Stable name, used in redis_vitals_collector_success{collector}. */
  readonly name: string;
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

import type { ParsedInfo } from './parse/info.js';
import type { RedisConfigValues } from './parse/config.js';
import type { Sample } from './metrics/sample.js';
import type { ClassifiedError } from './sources/redis-errors.js';
import type { PollExtras } from './collectors/types.js';
import type { Finding } from './doctor/types.js';

/** The immutable result of one poll of one target; swapped in whole when a poll completes. */
export interface Snapshot {
  /** Target address as it may be shown (no credentials). */
  readonly target: string;
  readonly up: boolean;
  /** Unix seconds when the poll finished. */
  readonly polledAt: number;
  readonly durationSeconds: number;
  readonly info: ParsedInfo | undefined;
  readonly config: RedisConfigValues | undefined;
  /** Extra inputs gathered this poll (host readings, LATENCY, …). */
  readonly extras: PollExtras;
  readonly samples: readonly Sample[];
  /** Exposition text of `samples`, rendered once per poll so scrapes only copy a string. */
  readonly text: string;
  readonly error: ClassifiedError | undefined;
  /** collector name → succeeded. */
  readonly collectors: ReadonlyMap<string, boolean>;
  /** Doctor verdicts of this poll (passing ones included). */
  readonly findings: readonly Finding[];
}

/** Before the first poll completes: no Redis series at all, not even redis_up. */
export function emptySnapshot(target: string): Snapshot {
  return Object.freeze({
    target,
    up: false,
    polledAt: 0,
    durationSeconds: 0,
    info: undefined,
    config: undefined,
    extras: {},
    samples: [],
    text: '',
    error: undefined,
    collectors: new Map(),
    findings: [],
  });
}

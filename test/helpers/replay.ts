import { pino, type Logger } from 'pino';
import { redisCollectors } from '../../src/collectors/index.js';
import type { Collector, PollExtras } from '../../src/collectors/types.js';
import type { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { NO_DEADLINE } from '../../src/poll/deadline.js';
import { NO_REDIS, runPoll, type PollResult } from '../../src/poll/run-poll.js';

export interface Replay {
  readonly info: string;
  readonly config?: RedisConfigValues | undefined;
  readonly extras?: PollExtras;
  readonly compat: boolean;
  readonly now?: number;
  readonly collectors?: readonly Collector[];
  readonly logger?: Logger;
}

/** The exporter's own poll pipeline (runPoll) over captured INFO/CONFIG replies: nothing fetched. */
export function replayPoll(r: Replay): Promise<PollResult> {
  const ctx = {
    source: NO_REDIS,
    info: parseInfo(r.info),
    infoAtMs: 0,
    config: r.config,
    redisUp: true,
    now: r.now ?? 1_800_000_000,
    target: 'replay',
    logger: r.logger ?? pino({ level: 'silent' }),
  };
  return runPoll(r.collectors ?? redisCollectors(), ctx, NO_DEADLINE, { compat: r.compat, replay: r.extras ?? {} });
}

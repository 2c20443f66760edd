import { isAbsolute } from 'node:path';
import { LogFollower } from './log-follower.js';
import { underRoot } from './roots.js';
import { classifyLogLine, LOG_EVENT_NAMES, parseLogLine, type LogEvent, type LogLine } from '../parse/redis-log.js';
import type { Fetcher, FetchContext } from '../collectors/types.js';

export interface RedisLogReading {
  readonly path: string;
  /** Lines of each event counted since the exporter started following the file. */
  readonly totals: Readonly<Record<LogEvent, number>>;
  /** Lines of each event read in this poll. */
  readonly sinceLastPoll: Readonly<Record<LogEvent, number>>;
  /** The most recent line of each event seen so far (time and redacted text). */
  readonly last: Readonly<Partial<Record<LogEvent, LogLine & { readonly seq: number }>>>;
}

declare module '../collectors/types.js' {
  interface PollExtras {
    /** The Redis log, when it is followed (a local target with a readable logfile, or --redis.log-file). */
    redisLog?: RedisLogReading;
  }
}

const zero = (): Record<LogEvent, number> => Object.fromEntries(LOG_EVENT_NAMES.map((e) => [e, 0])) as Record<LogEvent, number>;

/**
 * Follows the Redis log of one target: the file named by --redis.log-file (or the target's
 * log-file), else CONFIG GET logfile when the target is local (resolved under --path.rootfs).
 * Redis logging to stdout (logfile "") has nothing to follow.
 */
export function redisLogFetcher(opts: { readonly explicit: string | undefined; readonly local: boolean; readonly rootfs: string }): Fetcher {
  let follower: LogFollower | undefined;
  const totals = zero();
  const last: Partial<Record<LogEvent, LogLine & { seq: number }>> = {};
  let seq = 0;
  return {
    name: 'log',
    withoutRedis: true,
    async fetch(ctx: FetchContext) {
      const fromConfig = ctx.config?.string('logfile');
      const path = opts.explicit ?? (opts.local && fromConfig && isAbsolute(fromConfig) ? underRoot(opts.rootfs, fromConfig) : undefined);
      if (path === undefined) return {};
      if (follower?.path !== path) {
        await follower?.close();
        follower = new LogFollower(path);
      }
      const since = zero();
      for (const line of await follower.read()) {
        const events = classifyLogLine(line);
        if (events.length === 0) continue;
        const parsed = { ...parseLogLine(line), seq: ++seq };
        for (const e of events) {
          since[e]++;
          totals[e]++;
          last[e] = parsed;
        }
      }
      return { redisLog: { path, totals: { ...totals }, sinceLastPoll: since, last: { ...last } } };
    },
  };
}

import { isAbsolute } from 'node:path';
import { LogFollower } from '../host/log-follower.js';
import { underRoot } from '../host/roots.js';
import { toNumber } from '../parse/info.js';
import { classifyLogLine, LOG_EVENT_NAMES, parseLogLine, type LogEvent, type LogLine } from '../parse/redis-log.js';
import type { Collector, FetchContext } from './types.js';
import { families } from '../exposition/family.js';

export interface RedisLogReading {
  readonly path: string;
  /** Lines of each event counted since the exporter started following the file. */
  readonly totals: Readonly<Record<LogEvent, number>>;
  /** Lines of each event read in this poll. */
  readonly sinceLastPoll: Readonly<Record<LogEvent, number>>;
  /** The most recent line of each event seen so far (time and redacted text, unix second it was read). */
  readonly last: Readonly<Partial<Record<LogEvent, SeenLogLine>>>;
}

declare module './types.js' {
  interface PollExtras {
    /** The Redis log, when it is followed (a local target with a readable logfile, or --redis.log-file). */
    redisLog?: RedisLogReading;
  }
}

/**
 * A matched line, with when it was read and Redis's save counters at that poll (INFO
 * rdb_saves, rdb_last_save_time): a save after it shows in those, whatever the clocks say.
 */
export type SeenLogLine = LogLine & { readonly seq: number; readonly seenAt: number; readonly savesAtSeen?: number; readonly lastSaveAtSeen?: number };

const zero = (): Record<LogEvent, number> => Object.fromEntries(LOG_EVENT_NAMES.map((e) => [e, 0])) as Record<LogEvent, number>;

/**
 * The guide's log patterns, counted from the followed Redis log (see docs/doctor.md#log-events).
 * Follows the Redis log of one target: the file named by --redis.log-file (or the target's
 * log-file), else CONFIG GET logfile when the target is local (resolved under --path.rootfs).
 * Redis logging to stdout (logfile "") has nothing to follow.
 */
export interface RedisLogOptions {
  readonly explicit: string | undefined;
  readonly local: boolean;
  readonly rootfs: string;
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'log', section: 'doctor' },
  {
    logEventsTotal: {
      name: 'redis_log_events_total',
      type: 'counter',
      layer: 3,
      labels: ['event'],
      help: "Lines of the followed Redis log that match each of the guide's error patterns, since the exporter started following it (label event; see docs/doctor.md).",
      doc: "lines of the followed Redis log matching each of the guide's error patterns since the exporter started following it, label `event` (`fork_failed`, `rdb_save_failed`, `aof_write_failed`, `aof_fsync_failed`, `aof_fsync_slow`, `aof_rewrite_failed`, `oom`, `aof_truncated`, `load_failed`, `permission_denied`, `replica_buffer_overrun`, `overcommit_warning`, `thp_warning`; texts in [doctor.md](doctor.md#log-events)); absent when no log is followed",
    },
  },
);

export function redisLogCollector(opts: RedisLogOptions): Collector {
  let follower: LogFollower | undefined;
  const totals = zero();
  const last: Partial<Record<LogEvent, SeenLogLine>> = {};
  let seq = 0;
  return {
    name: 'log',
    needsRedis: false,
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
        const saves = toNumber(ctx.info.fields.get('rdb_saves'));
        const lastSave = toNumber(ctx.info.fields.get('rdb_last_save_time'));
        const parsed = { ...parseLogLine(line), seq: ++seq, seenAt: ctx.now, ...(saves !== undefined ? { savesAtSeen: saves } : {}), ...(lastSave !== undefined ? { lastSaveAtSeen: lastSave } : {}) };
        for (const e of events) {
          since[e]++;
          totals[e]++;
          last[e] = parsed;
        }
      }
      return { redisLog: { path, totals: { ...totals }, sinceLastPoll: since, last: { ...last } } };
    },
    collect({ extras }, sink) {
      const log = extras.redisLog;
      if (!log) return;
      for (const event of LOG_EVENT_NAMES) {
        sink.emit(FAMILIES.logEventsTotal, log.totals[event], { event });
      }
    },
  };
}

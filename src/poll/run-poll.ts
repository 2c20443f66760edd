import { performance } from 'node:perf_hooks';
import type { Collector, CommandSource, FetchContext, PollExtras } from '../collectors/types.js';
import { families } from '../exposition/family.js';
import { SampleSink, type Sample } from '../exposition/sample.js';
import { isDeadline } from '../errors.js';
import { Deadline } from './deadline.js';
import { sendAhead } from './send-ahead.js';

/** redis_up: every poll emits it, also (as 0) when Redis could not be read. */
export const FAMILIES = families(
  { collector: 'poll', section: 'identity' },
  {
    up: { name: 'redis_up', type: 'gauge', layer: 1, labels: [], help: '1 if the last poll of Redis succeeded, 0 if not.', doc: '1 if the last poll succeeded, 0 if not' },
  },
);

/** Share of --poll.timeout the host collectors get even after Redis used up the poll's deadline. */
const HOST_RESERVE = 0.25;

export interface CollectorHealth {
  readonly success: boolean;
  /** Its fetch and collect in this poll. */
  readonly seconds: number;
  /** Why it failed (one line), when it did. */
  readonly error?: string;
}

export interface PollResult {
  readonly samples: Sample[];
  /** collector name → health, in collector order (those skipped while Redis is down are absent). */
  readonly collectors: ReadonlyMap<string, CollectorHealth>;
  /** What the collectors fetched: the doctor and cluster discovery read it too. */
  readonly extras: PollExtras;
}

export interface RunOptions {
  readonly compat: boolean;
  /** Inputs captured earlier (golden tests, benches): nothing is fetched, every collector reads these. */
  readonly replay?: PollExtras;
}

/** For contexts with no Redis connection (fixtures, replays): any command fails, loudly. */
export const NO_REDIS: CommandSource = {
  command: () => Promise.reject(new Error('no Redis connection in this context')),
  reset: () => undefined,
  sendAhead: () => undefined,
  forgetAhead: () => undefined,
};

/**
 * One poll of one target after INFO/CONFIG: each collector fetches in order under the poll's
 * deadline, then each collects (pure). A collector whose fetch fails, is not started (deadline
 * passed) or whose collect throws reports success 0 and costs only its own series. The poller,
 * the golden tests, the host fixtures and the benches all run this same function.
 *
 * Deadline: a Redis collector that finds it passed is not started at all (so nothing outlives
 * its poll). Host collectors (needsRedis false) get at least HOST_RESERVE of the timeout even
 * when Redis used it all: a hung or slow Redis is when the host readings matter most. So a poll
 * lasts at most 1.25 × --poll.timeout. A collector marked `instant` (no I/O) is always started.
 */
export async function runPoll(collectors: readonly Collector[], ctx: FetchContext, deadline: Deadline, opts: RunOptions): Promise<PollResult> {
  const active = collectors.filter((c) => ctx.redisUp || !c.needsRedis);
  const extras: PollExtras = { ...opts.replay };
  const fetched = opts.replay ? new Map<Collector, FetchOutcome>() : await fetchAll(active, ctx, deadline, extras);

  // Compat decides at emission which inherited names and types are served.
  const sink = new SampleSink(opts.compat);
  sink.emit(FAMILIES.up, ctx.redisUp ? 1 : 0);
  const inputs = { info: ctx.info, config: ctx.config, now: ctx.now, redisUp: ctx.redisUp, extras };
  const health = new Map<string, CollectorHealth>();
  // One clock reading per collector, as in fetchAll: a collect starts when the one before it ended.
  let now = performance.now();
  for (let i = 0; i < active.length; i++) {
    const c = active[i] as Collector;
    const startedAt = now;
    const before = sink.samples.length;
    const outcome = fetched.get(c);
    let error = outcome?.error;
    try {
      c.collect(inputs, sink);
    } catch (err) {
      sink.samples.length = before;
      error = (err as Error).message;
      ctx.logger.error({ target: ctx.target, collector: c.name, error }, 'collector failed');
    }
    now = performance.now();
    const seconds = ((outcome?.ms ?? 0) + now - startedAt) / 1000;
    health.set(c.name, error === undefined ? { success: true, seconds } : { success: false, seconds, error });
  }
  return { samples: sink.samples, collectors: health, extras };
}

interface FetchOutcome {
  readonly ms: number;
  /** Undefined when the fetch succeeded. */
  readonly error: string | undefined;
}

async function fetchAll(active: readonly Collector[], ctx: FetchContext, deadline: Deadline, extras: PollExtras): Promise<Map<Collector, FetchOutcome>> {
  const out = new Map<Collector, FetchOutcome>();
  let hostDeadline: Deadline | undefined;
  // Set once a Redis collector hits the deadline: a timer may fire a little before performance.now()
  // reaches the deadline, and the next Redis collector must not start in that sliver.
  let redisDeadlinePassed = false;
  // One clock reading per fetch: a fetch starts when the one before it ended.
  let now = performance.now();
  if (ctx.redisUp && now < deadline.at) sendAhead(active, ctx);
  try {
    for (const c of active) {
      if (!c.fetch) continue;
      const startedAt = now;
      const d = c.needsRedis ? deadline : (hostDeadline ??= hostDeadlineFrom(deadline, startedAt));
      if (!c.instant && ((redisDeadlinePassed && c.needsRedis) || startedAt >= d.at)) {
        out.set(c, { ms: 0, error: `not started: poll exceeded its ${deadline.timeoutMs}ms deadline` });
        ctx.logger.debug({ target: ctx.target, collector: c.name }, `collector not started: poll exceeded its ${deadline.timeoutMs}ms deadline`);
        continue;
      }
      let error: string | undefined;
      try {
        const got = c.fetch(ctx);
        // Fields given at once (nothing to wait for) or by an instant fetch (no I/O): nothing to bound.
        Object.assign(extras, !isPromise(got) ? got : await (c.instant ? got : d.race(got)));
      } catch (err) {
        error = (err as Error).message;
        // Its reply may still be pending on the connection: the next poll's INFO must not queue behind it.
        if (isDeadline(err) && c.needsRedis) {
          redisDeadlinePassed = true;
          ctx.source.reset();
        }
        ctx.logger.debug({ target: ctx.target, collector: c.name, error: (err as Error).message }, 'collector fetch failed');
      }
      now = performance.now();
      out.set(c, { ms: now - startedAt, error });
    }
  } finally {
    if (hostDeadline !== deadline) hostDeadline?.end();
  }
  return out;
}

function isPromise<T>(x: T | Promise<T>): x is Promise<T> {
  return x instanceof Promise;
}

/** The host collectors' deadline: the poll's, or HOST_RESERVE of the timeout from now when Redis used more than the rest. */
function hostDeadlineFrom(deadline: Deadline, startedAt: number): Deadline {
  const reserveEnd = startedAt + deadline.timeoutMs * HOST_RESERVE;
  return reserveEnd <= deadline.at ? deadline : new Deadline(reserveEnd, deadline.timeoutMs);
}

import type { FetchContext, Fetcher, PollExtras } from '../collectors/types.js';

/** Share of --poll.timeout the host fetchers get even after Redis used up the poll's deadline. */
const HOST_RESERVE = 0.25;

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** `work`, or a DeadlineError at `deadlineAt` (performance.now() time), whichever comes first. */
export function withDeadline<T>(work: Promise<T>, deadlineAt: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`poll exceeded its ${timeoutMs}ms deadline`)), Math.max(0, deadlineAt - performance.now()));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface Fetched {
  readonly extras: PollExtras;
  /** fetcher name → succeeded. */
  readonly ok: Map<string, boolean>;
}

/**
 * Runs a poll's fetchers in order under the poll's deadline: one that finds it passed is not
 * started at all (so nothing outlives its poll) and counts as failed. Host fetchers
 * (withoutRedis) get at least HOST_RESERVE of the timeout even when Redis used it all: a hung or
 * slow Redis is when the host readings (disk, memory) matter most. So a poll lasts at most
 * 1.25 × --poll.timeout.
 */
export async function runFetchers(fetchers: readonly Fetcher[], ctx: FetchContext, deadlineAt: number, timeoutMs: number): Promise<Fetched> {
  const extras: PollExtras = {};
  const ok = new Map<string, boolean>();
  let hostDeadlineAt: number | undefined;
  // Set once a Redis fetcher hits the deadline: a timer may fire a little before performance.now()
  // reaches deadlineAt, and the next Redis fetcher must not start in that sliver.
  let redisDeadlinePassed = false;
  for (const f of fetchers) {
    if (!ctx.redisUp && !f.withoutRedis) continue;
    const until = f.withoutRedis ? (hostDeadlineAt ??= Math.max(deadlineAt, performance.now() + timeoutMs * HOST_RESERVE)) : deadlineAt;
    if ((redisDeadlinePassed && !f.withoutRedis) || performance.now() >= until) {
      ok.set(f.name, false);
      ctx.logger.debug({ target: ctx.target, fetcher: f.name }, `fetcher not started: poll exceeded its ${timeoutMs}ms deadline`);
      continue;
    }
    try {
      Object.assign(extras, await withDeadline(f.fetch(ctx), until, timeoutMs));
      ok.set(f.name, true);
    } catch (err) {
      // Its reply may still be pending on the connection: the next poll's INFO must not queue behind it.
      if (err instanceof DeadlineError && !f.withoutRedis) {
        redisDeadlinePassed = true;
        ctx.source.reset();
      }
      ok.set(f.name, false);
      ctx.logger.debug({ target: ctx.target, fetcher: f.name, error: (err as Error).message }, 'fetcher failed');
    }
  }
  return { extras, ok };
}

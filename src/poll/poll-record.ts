/**
 * What a poll knows about itself when its collectors run: redis_exporter's per-scrape
 * self-metrics are served from it under compat (a redis_exporter "scrape" is a poll here).
 */
export interface PollRecord {
  /** Polls of this target so far, this one included. */
  readonly polls: number;
  /** Why this poll failed, as it may be shown (no credentials); undefined when it succeeded. */
  readonly error: string | undefined;
  /** This poll until its collectors ran: connect, INFO, CONFIG and every fetcher. */
  readonly durationSeconds: number;
  /** Sum of durationSeconds over all polls so far. */
  readonly durationSumSeconds: number;
  /** Time spent connecting to Redis in this poll; 0 when the open connection was reused. */
  readonly connectSeconds: number;
}

declare module '../collectors/types.js' {
  interface PollExtras {
    poll?: PollRecord;
  }
}

/** Running totals of one target's polls (one per poller). */
export class PollTally {
  private polls = 0;
  private durationSum = 0;

  next(error: string | undefined, durationSeconds: number, connectSeconds: number): PollRecord {
    this.polls++;
    this.durationSum += durationSeconds;
    return { polls: this.polls, error, durationSeconds, durationSumSeconds: this.durationSum, connectSeconds };
  }
}

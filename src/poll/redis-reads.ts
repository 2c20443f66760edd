import { performance } from 'node:perf_hooks';
import type { RedisConfigValues } from '../parse/config.js';
import { parseInfo, type ParsedInfo } from '../parse/info.js';
import { classifyRedisError, type ClassifiedError } from '../redis/classify-error.js';
import type { RedisSource } from '../redis/connection.js';
import { isDeadline } from '../errors.js';
import type { Deadline } from './deadline.js';
import { detached } from './kept-info.js';
import type { PollNotices } from './notices.js';
import { intervalNow } from './schedule.js';

const BACKOFF_BASE_MS = 500;
/** INFO of a poll that could not read Redis (and of a finished poll's context). */
export const EMPTY_INFO = parseInfo('');

/** What a poll learned from INFO and CONFIG GET, or why it could not. */
export interface RedisRead {
  /** Empty when Redis could not be read. */
  readonly info: ParsedInfo;
  /** performance.now() when the INFO reply arrived. */
  readonly infoAtMs: number;
  /** Latest CONFIG GET reply, kept from earlier polls while Redis is down; undefined when skipped or refused. */
  readonly config: RedisConfigValues | undefined;
  readonly error: ClassifiedError | undefined;
}

/**
 * One target's INFO (every poll) and CONFIG GET (every --poll.config-interval), bounded by the
 * poll's deadline; on failure it classifies the error and backs off reconnecting, capped at the
 * poll interval so a Redis that returns is seen within one interval.
 */
export class RedisReads {
  private config: RedisConfigValues | undefined;
  private configFetchedAt = -Infinity;
  private failures = 0;
  private retryAt = 0;
  private lastError: unknown;
  private infoAtMs = 0;

  constructor(
    private readonly source: RedisSource,
    private readonly opts: { readonly intervalMs: number | (() => number); readonly configIntervalMs: number },
    private readonly notices: PollNotices,
  ) {}

  /** `ahead`: collectors' commands to send in INFO's own write (RedisSource.sendAhead). */
  async read(deadline: Deadline, ahead: readonly (readonly string[])[] = []): Promise<RedisRead> {
    try {
      if (Date.now() < this.retryAt) throw this.lastError ?? new Error('backing off');
      const info = detachKept(parseInfo(await deadline.race(this.fetch(ahead))));
      this.notices.reachable(info, this.failures);
      this.failures = 0;
      this.retryAt = 0;
      this.lastError = undefined;
      return { info, infoAtMs: this.infoAtMs, config: this.config, error: undefined };
    } catch (err) {
      return { info: EMPTY_INFO, infoAtMs: performance.now(), config: this.config, error: this.onFailure(err) };
    }
  }

  /**
   * INFO every poll, CONFIG every config interval, and `ahead`, all in one write (one round
   * trip); returns the INFO text. A failed INFO fails the read whatever the others answered.
   */
  private async fetch(ahead: readonly (readonly string[])[]): Promise<string> {
    const pendingInfo = this.source.info();
    const pendingConfig = Date.now() - this.configFetchedAt >= this.opts.configIntervalMs ? this.source.configGet() : undefined;
    this.source.sendAhead(ahead);
    // Unread when INFO fails: its failure then is INFO's.
    pendingConfig?.catch(() => undefined);
    const info = await pendingInfo;
    this.infoAtMs = performance.now();
    if (pendingConfig) {
      try {
        this.config = await pendingConfig;
      } catch (err) {
        // CONFIG renamed or forbidden (managed Redis): INFO still works, so keep polling without it.
        const c = classifyRedisError(err);
        if (c.reason !== 'command') throw err;
        this.notices.configRefused(c.message);
        this.config = undefined;
      }
      this.configFetchedAt = Date.now();
    }
    return info;
  }

  private onFailure(err: unknown): ClassifiedError {
    const { source } = this;
    const plain = classifyRedisError(err);
    const classified: ClassifiedError =
      source.tlsHandshakeStalled && (plain.reason === 'deadline' || plain.reason === 'timeout')
        ? { reason: 'tls', message: 'TLS handshake got no answer: is this port serving TLS? (rediss:// against a plain-TCP Redis hangs like this)' }
        : plain;
    // A missed deadline may leave a reply pending on the socket; a fresh connection cannot pile up behind it.
    if (isDeadline(err)) source.reset();
    const backingOff = err === this.lastError && Date.now() < this.retryAt;
    if (!backingOff) {
      this.failures++;
      this.lastError = err;
      const delay = Math.min(intervalNow(this.opts.intervalMs), BACKOFF_BASE_MS * 2 ** Math.min(this.failures - 1, 16));
      this.retryAt = Date.now() + delay * (0.8 + Math.random() * 0.2);
      this.notices.failed(classified);
    }
    return classified;
  }
}

/**
 * INFO values that state keeps until the next poll (run_id: the restart collector, the command
 * gates, which commands go with INFO; master_replid: the backlog rate; executable: host/process.ts
 * remembers the last one), as copies:
 * parsed, they are slices of the 6 KB reply and would keep all of it alive between polls.
 */
export const DETACHED_FIELDS = ['run_id', 'master_replid', 'executable'] as const;

function detachKept(info: ParsedInfo): ParsedInfo {
  // parseInfo's own map: nothing else holds it yet.
  const fields = info.fields as Map<string, string>;
  for (const k of DETACHED_FIELDS) {
    const v = fields.get(k);
    if (v !== undefined) fields.set(k, detached(v));
  }
  return info;
}

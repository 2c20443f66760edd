import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Logger } from '../log.js';
import { workerCompare, type Compare } from './bcrypt-worker.js';

export type { Compare };
export type AuthResult = 'ok' | 'denied' | 'busy';

export interface BasicAuthOptions {
  /** A worker thread's compare by default (bcrypt-worker.ts): the event loop never runs bcrypt. */
  readonly compare?: Compare;
  /** Compares running at once; the rest wait in a queue of `maxQueue`, past which the answer is 'busy'. */
  readonly concurrency?: number;
  readonly maxQueue?: number;
  /** Recent successes remembered, so a scrape every few seconds does not pay bcrypt each time. */
  readonly cacheSize?: number;
  /** Where the worker's start (debug) and a fallback to the main thread (warn) are logged. */
  readonly logger?: Logger;
}

const costOf = (hash: string) => Number(/^\$2[aby]\$(\d\d)\$/.exec(hash)?.[1] ?? 10);

/**
 * Checks `Authorization: Basic` headers against basic_auth_users (bcrypt hashes), as
 * exporter-toolkit does: slow by design, so
 * - verification never runs on the event loop (a worker thread, at most `concurrency` compares
 *   at once, a bounded queue), so a wrong-password flood cannot stall /metrics or polls;
 * - an unknown user costs the same compare as a known one, against a dummy hash of the
 *   highest configured cost, so the answer's timing does not reveal which users exist;
 * - recent successes are remembered by a digest of user, hash and password (never the password).
 */
export class BasicAuth {
  private readonly compare: Compare;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly cacheSize: number;
  private readonly verified = new Map<string, true>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private readonly dummy: string;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    opts: BasicAuthOptions = {},
  ) {
    const log = opts.logger;
    this.compare =
      opts.compare ??
      workerCompare({
        started: () => log?.debug('bcrypt worker started: basic auth compares run off the event loop'),
        unavailable: (reason) => log?.warn({ reason }, 'bcrypt worker unavailable: basic auth compares run on the main thread, where a wrong-password flood slows every answer'),
      });
    this.concurrency = opts.concurrency ?? 2;
    this.maxQueue = opts.maxQueue ?? 32;
    this.cacheSize = opts.cacheSize ?? 100;
    const cost = Math.max(4, ...[...users.values()].map(costOf));
    // Made once at start-up (cost 10: ~0.1 s); its password is random, so nothing ever matches it.
    this.dummy = bcrypt.hashSync(randomBytes(18).toString('base64'), cost);
  }

  async check(header: string | undefined): Promise<AuthResult> {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m) return 'denied';
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'denied';
    const known = this.users.get(decoded.slice(0, colon));
    const hash = known ?? this.dummy;
    const key = createHash('sha256').update(`${hash}\0${decoded}`).digest('hex');
    if (known && this.verified.has(key)) {
      // Most recent last, so the oldest success is the one forgotten first.
      this.verified.delete(key);
      this.verified.set(key, true);
      return 'ok';
    }
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueue) return 'busy';
    await this.slot();
    try {
      const ok = (await this.compare(decoded.slice(colon + 1), hash)) && known !== undefined;
      if (ok) this.remember(key);
      return ok ? 'ok' : 'denied';
    } finally {
      this.release();
    }
  }

  private remember(key: string): void {
    this.verified.set(key, true);
    if (this.verified.size > this.cacheSize) this.verified.delete(this.verified.keys().next().value as string);
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    // The finishing compare hands its slot over (running stays the same).
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

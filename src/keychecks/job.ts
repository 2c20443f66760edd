import type { KeyChecksConfig } from '../config/key-checks.js';
import type { Logger } from '../log.js';
import { parseInfo } from '../parse/info.js';
import { classifyRedisError } from '../redis/classify-error.js';
import type { RedisSource } from '../redis/connection.js';
import { JobLoop } from '../redis/job-loop.js';
import { expandKeys, type ExpandOptions } from './expand.js';
import { isErrorReply, readKeys, scanMatch, SelectRefused, type KeyReading, type SettledPipeline } from './read.js';
import { readStreams, type StreamReading } from './streams.js';

export interface KeyCount {
  readonly db: string;
  readonly pattern: string;
  readonly count: number;
}

/** The last completed pass, as /metrics shows it. */
export interface KeyChecksResults {
  readonly keys: readonly KeyReading[];
  readonly counts: readonly KeyCount[];
  readonly streams: readonly StreamReading[];
  readonly finishedAt: number;
  readonly seconds: number;
}

export interface KeyChecksJobOptions {
  readonly source: RedisSource;
  readonly settings: KeyChecksConfig;
  readonly logger: Logger;
  readonly target: string;
  /** Per-pipeline timeout. */
  readonly timeoutMs: number;
}

/** Keys per TYPE/size pipeline: small, so Redis serves other clients between batches. */
const BATCH = 100;
/** Streams per XINFO pipeline (each costs two commands plus one per consumer group). */
const STREAM_BATCH = 20;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * redis_exporter's --check-keys, --check-single-keys and --count-keys, read by a job on its own
 * connection and schedule instead of on each scrape: one pass at most every interval, one
 * pipeline in flight at a time, at most `maxKeys` keys read per pass. Polls read `results()`.
 */
export class KeyChecksJob {
  private last: KeyChecksResults | undefined;
  private error: string | undefined;
  private failures = 0;
  private readonly loop: JobLoop;
  private readonly warned = new Set<string>();
  private readonly pipeline: SettledPipeline;

  constructor(private readonly opts: KeyChecksJobOptions) {
    this.pipeline = (cmds) => opts.source.pipelineSettled(cmds, opts.timeoutMs);
    // Stopping cuts a call in flight, as the big-key job does: shutdown never waits on a hung server.
    this.loop = new JobLoop({ step: () => this.step(), interrupt: () => opts.source.reset(), close: () => opts.source.close() });
  }

  /** The last completed pass; `error` is set while the latest pass failed. */
  results(): { readonly last: KeyChecksResults | undefined; readonly error: string | undefined } {
    return { last: this.last, error: this.error };
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One full pass now; publishes its results when it completes. */
  async runPass(): Promise<KeyChecksResults> {
    const started = Date.now();
    try {
      const info = parseInfo(await this.opts.source.info([]));
      const cluster = info.fields.get('cluster_enabled') === '1';
      // A cluster replica holds its master's keys: the master's target reports them, once.
      const skip = cluster && info.fields.get('role') === 'slave';
      const keys = skip ? [] : await this.readChecked(cluster);
      const counts = skip ? [] : await this.countKeys();
      const streams = skip ? [] : await this.readStreams(cluster);
      const finishedAt = Date.now();
      this.last = { keys, counts, streams, finishedAt: finishedAt / 1000, seconds: (finishedAt - started) / 1000 };
      if (this.failures > 0) this.opts.logger.info({ target: this.opts.target }, 'key checks work again');
      this.failures = 0;
      this.error = undefined;
      return this.last;
    } catch (err) {
      // A timed-out pipeline may still answer later; a fresh connection cannot mix replies up.
      this.opts.source.reset();
      const c = classifyRedisError(err);
      if (this.failures === 0) this.opts.logger.warn({ target: this.opts.target, reason: c.reason, error: c.message }, 'key-check pass failed; retrying with backoff');
      this.failures++;
      this.error = c.message;
      throw err;
    }
  }

  /** --check-single-keys and --check-keys: plain keys as given, patterns expanded with SCAN. */
  private async readChecked(cluster: boolean): Promise<KeyReading[]> {
    const { settings } = this.opts;
    const { keys, truncated } = await expandKeys('check-keys', settings.singleKeys, settings.checkKeys, this.expandOptions(cluster));
    if (truncated) this.warnOnce('truncated', `more keys match --check-keys than --check-keys.max-keys (${settings.maxKeys}); the rest are left out`);
    const out: KeyReading[] = [];
    for (const [d, all] of keys) {
      for (let i = 0; i < all.length; i += BATCH) {
        const read = await this.entry(`db${d}`, () => readKeys(this.pipeline, d, all.slice(i, i + BATCH), (m) => this.warnOnce('refused', `key checks skip keys Redis refuses to read: ${m}`)));
        if (read === undefined) break;
        out.push(...read);
      }
    }
    return out;
  }

  /** --check-single-streams and --check-streams: XINFO of each stream, its groups and their consumers. */
  private async readStreams(cluster: boolean): Promise<StreamReading[]> {
    const { settings } = this.opts;
    if (settings.singleStreams.length + settings.checkStreams.length === 0) return [];
    const { keys, truncated } = await expandKeys('check-streams', settings.singleStreams, settings.checkStreams, this.expandOptions(cluster));
    if (truncated) this.warnOnce('truncated-streams', `more keys match --check-streams than --check-keys.max-keys (${settings.maxKeys}); the rest are left out`);
    const out: StreamReading[] = [];
    for (const [d, all] of keys) {
      for (let i = 0; i < all.length; i += STREAM_BATCH) {
        const read = await this.entry(`streams db${d}`, () => readStreams(this.pipeline, d, all.slice(i, i + STREAM_BATCH)));
        if (read === undefined) break;
        out.push(...read);
      }
    }
    return out;
  }

  private expandOptions(cluster: boolean): ExpandOptions {
    const { settings } = this.opts;
    return { pipeline: this.pipeline, batchSize: settings.batchSize, maxKeys: settings.maxKeys, cluster, entry: (what, work) => this.entry(what, work) };
  }

  /** --count-keys: SCAN MATCH counts (a key SCAN returns twice is counted twice, as in redis_exporter). */
  private async countKeys(): Promise<KeyCount[]> {
    const out: KeyCount[] = [];
    for (const k of this.opts.settings.countKeys) {
      let count = 0;
      const done = await this.entry(`count-keys ${k.key}`, () => scanMatch(this.pipeline, k.db, k.key, this.opts.settings.batchSize, (batch) => ((count += batch.length), true)));
      if (done !== undefined) out.push({ db: `db${k.db}`, pattern: k.key, count });
    }
    return out;
  }

  /** Runs one entry's reads; an error reply (SELECT refused, SCAN denied) skips just that entry, logged once. */
  private async entry<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      if (!isErrorReply(err) && !(err instanceof SelectRefused)) throw err;
      this.warnOnce(what, `key checks skip ${what}: ${(err as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }

  private warnOnce(id: string, message: string): void {
    if (this.warned.has(id)) return;
    this.warned.add(id);
    this.opts.logger.warn({ target: this.opts.target }, message);
  }

  /** One pass; the pause before the next one. */
  private async step(): Promise<number> {
    const { intervalMs } = this.opts.settings;
    try {
      const started = Date.now();
      await this.runPass();
      // A pass slower than the interval is followed by an equal pause: Redis is never kept busy back to back.
      const took = Date.now() - started;
      return Math.max(intervalMs - took, took);
    } catch {
      return Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(this.failures - 1, 8));
    }
  }
}

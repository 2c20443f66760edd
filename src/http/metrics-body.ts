import { Readable } from 'node:stream';
import { sameList } from '../exposition/text-format.js';
import type { SelfMetrics } from '../exposition/self-metrics.js';
import type { Snapshot } from '../poll/snapshot.js';

/** How long the exporter's own process metrics may be reused between scrapes. */
export const SELF_METRICS_MAX_AGE_MS = 1000;

/**
 * Bodies larger than this are streamed a family at a time and not kept. A body this large means
 * many targets, and then some poll always completes between two scrapes, so a kept copy would
 * never be reused; built whole it cost a string and a Buffer of 13 MB each at 500 targets.
 */
export const KEEP_BODY_MAX_BYTES = 1 << 20;

/** The Redis part of the body (MetricsView) and what it is made of. */
export interface RedisText {
  /** Current snapshots: a new object in the list means a poll completed or the targets changed. */
  snapshots(): readonly Snapshot[];
  /** The Redis part as pieces, made afresh on each call, and about how large it is. */
  body(): { readonly approxBytes: number; readonly chunks: Iterable<string> };
}

/**
 * The /metrics body, built once and reused until something in it changes.
 *
 * prom-client's registry.metrics() re-collects the default process metrics (reads /proc,
 * lists /proc/self/fd, computes event-loop-lag percentiles) on every call: measured at about
 * half of a scrape's CPU, it capped /metrics at ~1,000 req/s. Self-metrics are therefore
 * re-rendered only after a poll completed (so poll counters are never behind a finished poll)
 * or when the cached text is older than `maxAgeMs`. Only the encoded body is kept: with hundreds
 * of targets the Redis text is megabytes, and a string copy beside the Buffer doubled that.
 */
export class MetricsBody {
  private selfText = '';
  private selfRenderedAt = -Infinity;
  private selfSeenSnapshots: readonly Snapshot[] = [];
  private pending: { readonly snapshots: readonly Snapshot[]; readonly text: Promise<string> } | undefined;
  private body: { readonly buf: Buffer; readonly snapshots: readonly Snapshot[]; readonly selfText: string } | undefined;

  constructor(
    private readonly redis: RedisText,
    private readonly self: SelfMetrics,
    private readonly maxAgeMs = SELF_METRICS_MAX_AGE_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly keepMaxBytes = KEEP_BODY_MAX_BYTES,
  ) {}

  async get(): Promise<Buffer | Readable> {
    // Self-metrics before the Redis text: a poll publishes its snapshot before counting its error,
    // so this order never shows an error counted against a snapshot older than the one served.
    const snapshots = this.redis.snapshots();
    const selfText = await this.selfMetrics(snapshots);
    // Read again after the await: a poll may have completed meanwhile, and the body must include it.
    const now = this.redis.snapshots();
    const b = this.body;
    if (b && b.selfText === selfText && sameList(now, b.snapshots)) return b.buf;
    // Redis text first, then self-metrics.
    const redis = this.redis.body();
    if (redis.approxBytes > this.keepMaxBytes) {
      this.body = undefined;
      return Readable.from(encode(redis.chunks, selfText), { objectMode: false });
    }
    const buf = Buffer.from([...redis.chunks, selfText].join(''), 'utf8');
    this.body = { buf, snapshots: now, selfText };
    return buf;
  }

  private selfMetrics(snapshots: readonly Snapshot[]): Promise<string> | string {
    const fresh = this.now() - this.selfRenderedAt < this.maxAgeMs;
    if (fresh && sameList(snapshots, this.selfSeenSnapshots)) return this.selfText;
    // Concurrent scrapes share one render, unless a poll completed since it started.
    if (this.pending && sameList(snapshots, this.pending.snapshots)) return this.pending.text;
    const startedAt = this.now();
    const text = this.self.render().then((t) => {
      if (startedAt >= this.selfRenderedAt) {
        this.selfText = t;
        this.selfRenderedAt = startedAt;
        this.selfSeenSnapshots = snapshots;
      }
      return t;
    });
    const pending = { snapshots, text };
    this.pending = pending;
    void text.finally(() => {
      if (this.pending === pending) this.pending = undefined;
    }).catch(() => undefined);
    return text;
  }
}


function* encode(chunks: Iterable<string>, tail: string): Generator<Buffer> {
  for (const c of chunks) yield Buffer.from(c, 'utf8');
  yield Buffer.from(tail, 'utf8');
}

import { Readable } from 'node:stream';
import { sameList } from '../exposition/text-format.js';
import type { SelfMetrics } from '../exposition/self-metrics.js';
import type { Snapshot } from '../poll/snapshot.js';

/** How long the exporter's process-wide metrics may be reused between scrapes. */
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
  /**
   * Whether `kept` are still the current snapshots, without building a list (it runs on every
   * scrape answered from the cache); defaults to comparing with snapshots().
   */
  unchanged?(kept: readonly Snapshot[]): boolean;
  /** The Redis part as pieces, made afresh on each call, and about how large it is. */
  body(): { readonly approxBytes: number; readonly chunks: Iterable<string | Buffer> };
}

/**
 * The /metrics body, built once and reused until something in it changes.
 *
 * Rendering the process series reads /proc, lists /proc/self/fd and computes event-loop-lag
 * percentiles: done per request (as prom-client's registry.metrics() once was) it was measured at
 * about half of a scrape's CPU, capping /metrics at ~1,000 req/s. They are process-wide (each
 * target's poll health is in its snapshot), so they are re-rendered only when the cached text
 * is older than `maxAgeMs`. Only the encoded body is kept: with hundreds of targets the Redis
 * text is megabytes, and a string copy beside the Buffer doubled that.
 */
export class MetricsBody {
  private selfText = '';
  private selfRenderedAt = -Infinity;
  private pending: Promise<string> | undefined;
  private body: KeptBody | undefined;

  constructor(
    private readonly redis: RedisText,
    private readonly self: SelfMetrics,
    private readonly maxAgeMs = SELF_METRICS_MAX_AGE_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly keepMaxBytes = KEEP_BODY_MAX_BYTES,
  ) {}

  /**
   * The kept body when get() would return it unchanged (self-metrics still fresh, no poll
   * completed since), without a promise: the common case of a scrape, answered synchronously.
   * Joined into one Buffer here, on the second request for the same body: only a busy exporter
   * asks twice within the self-metrics' max age, and there one write per request is cheaper.
   */
  cached(): Buffer | undefined {
    const b = this.body;
    if (!b || b.selfText !== this.selfText || this.now() - this.selfRenderedAt >= this.maxAgeMs) return undefined;
    const same = this.redis.unchanged ? this.redis.unchanged(b.snapshots) : sameList(this.redis.snapshots(), b.snapshots);
    if (!same) return undefined;
    return (b.joined ??= b.parts.length === 1 ? (b.parts[0] as Buffer) : Buffer.concat(b.parts, b.length));
  }

  /** The body as one Buffer (or a stream when large). */
  async get(): Promise<Buffer | Readable> {
    const body = await this.getParts();
    if (!isParts(body)) return body;
    const b = this.body;
    if (b && b.parts === body.parts) return (b.joined ??= Buffer.concat(body.parts, body.length));
    return Buffer.concat(body.parts, body.length);
  }

  /**
   * The body as the Buffers it is made of, not joined: the target's encoded text (for one target,
   * its snapshot's own Buffer) and the self-metrics. A scrape every 15 s finds the self-metrics
   * stale every time, so a joined body was a copy of the whole target text per scrape, used once.
   */
  async getParts(): Promise<BodyParts | Readable> {
    const selfText = await this.selfMetrics();
    // Read after the await: a poll may have completed meanwhile, and the body must include it.
    const now = this.redis.snapshots();
    const b = this.body;
    if (b && b.selfText === selfText && sameList(now, b.snapshots)) return b;
    // Targets' text first (their health included), then the process-wide series.
    const redis = this.redis.body();
    if (redis.approxBytes > this.keepMaxBytes) {
      this.body = undefined;
      return Readable.from(encode(redis.chunks, selfText), { objectMode: false });
    }
    const parts = [...encode(redis.chunks, selfText)];
    let length = 0;
    for (const p of parts) length += p.length;
    const kept: KeptBody = { parts, length, joined: undefined, snapshots: now, selfText };
    this.body = kept;
    return kept;
  }

  private selfMetrics(): Promise<string> | string {
    if (this.now() - this.selfRenderedAt < this.maxAgeMs) return this.selfText;
    // Concurrent scrapes share one render.
    if (this.pending) return this.pending;
    const startedAt = this.now();
    const text = this.self.render().then((t) => {
      this.selfText = t;
      this.selfRenderedAt = startedAt;
      return t;
    });
    this.pending = text;
    void text
      .finally(() => {
        if (this.pending === text) this.pending = undefined;
      })
      .catch(() => undefined);
    return text;
  }
}

/** A body as its encoded parts, in order, and their total length. */
export interface BodyParts {
  readonly parts: readonly Buffer[];
  readonly length: number;
}

interface KeptBody extends BodyParts {
  /** The parts as one Buffer, made when the same body is asked for again (cached()). */
  joined: Buffer | undefined;
  readonly snapshots: readonly Snapshot[];
  readonly selfText: string;
}

export function isParts(b: BodyParts | Readable): b is BodyParts {
  return Array.isArray((b as BodyParts).parts);
}

function* encode(chunks: Iterable<string | Buffer>, tail: string): Generator<Buffer> {
  for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  yield Buffer.from(tail, 'utf8');
}

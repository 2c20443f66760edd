import type { TargetConfig } from '../config/targets.js';
import type { Poller } from '../poll/poller.js';

export interface TargetEntry {
  readonly target: TargetConfig;
  readonly poller: Poller;
  /** Name of the configured target whose cluster this one was discovered from. */
  readonly discoveredFrom?: string;
}

/**
 * The targets being polled now: the configured ones plus any discovered from a cluster.
 * Readers (HTTP routes, the metrics view) take `list()` per request, so additions and
 * removals show at the next scrape.
 */
export class TargetSet {
  private readonly entries = new Map<string, TargetEntry>();
  private stopped = false;

  constructor(
    private readonly create: (t: TargetConfig) => Poller,
    /** Until startAll(), added targets wait; after it, they start polling at once. */
    private autostart = true,
  ) {}

  list(): TargetEntry[] {
    return [...this.entries.values()];
  }

  /** The entries without copying them: for the per-request check that nothing changed (MetricsBody.cached). */
  values(): IterableIterator<TargetEntry> {
    return this.entries.values();
  }

  get(name: string): TargetEntry | undefined {
    return this.entries.get(name);
  }

  /**
   * Undefined once stopAll() has begun: a seed's last poll finishing during shutdown must not
   * start a discovered node's poller, whose timers would keep the process alive.
   */
  add(target: TargetConfig, discoveredFrom?: string): TargetEntry | undefined {
    if (this.stopped) return undefined;
    const existing = this.entries.get(target.name);
    if (existing) return existing;
    const entry: TargetEntry = { target, poller: this.create(target), ...(discoveredFrom ? { discoveredFrom } : {}) };
    this.entries.set(target.name, entry);
    if (this.autostart) entry.poller.start();
    return entry;
  }

  async remove(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    await entry.poller.stop();
  }

  startAll(): void {
    this.autostart = true;
    for (const e of this.entries.values()) e.poller.start();
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.entries.values()].map((e) => e.poller.stop()));
  }
}

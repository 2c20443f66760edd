import { BUILD, VERSION } from '../version.js';
import { families } from './family.js';
import { LoopLag } from './loop-lag.js';
import { ProcessMetrics } from './process-metrics.js';
import { renderSelf, single, type SelfFamily } from './self-text.js';

export const FAMILIES = families(
  { collector: 'process', section: 'self' },
  {
    buildInfo: {
      name: 'redis_vitals_build_info',
      type: 'gauge',
      layer: 3,
      labels: ['version', 'node_version'],
      help: 'Version of redis-vitals and of Node.js running it; value is always 1.',
      doc: 'labels `version`, `node_version`; value 1',
    },
  },
);

/** redis_exporter's exporter-wide names, served under compat. */
export const COMPAT_FAMILIES = families(
  { collector: 'process', section: 'self-compat' },
  {
    buildInfo: {
      name: 'redis_exporter_build_info',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: ['version', 'commit_sha', 'build_date', 'golang_version'],
      help: 'redis-vitals build (redis_exporter compat): version, and the runtime in golang_version; value is always 1.',
      doc: 'exporter-wide, no `target`: labels `version` (redis-vitals), `commit_sha` and `build_date` (the git commit built and its date, stamped into the bundle, binary and packages; empty when run from source), `golang_version` (the runtime: `node vX.Y.Z`); value 1',
    },
    scrapeRequestErrors: {
      name: 'redis_target_scrape_request_errors_total',
      type: 'counter',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Requests to /scrape?target= that were refused (unknown or not allowed target) or failed (redis_exporter compat).',
      doc: 'exporter-wide: `/scrape?target=` requests refused (unknown or not allowed target) or failed',
    },
  },
);

/** A counter of ours: only ever incremented. */
export class SelfCounter {
  private n = 0;
  inc(): void {
    this.n++;
  }
  get value(): number {
    return this.n;
  }
}

/**
 * The exporter process's own series: build info, and the process and Node.js families
 * (process-metrics.ts) that prom-client's default metrics used to serve. Per-target health
 * (redis_vitals_polls_total, …) is not here: it travels in each target's snapshot (poll/health.ts).
 */
export class SelfMetrics {
  /** Poll timers are set through this: their lateness is the event-loop-lag metric. */
  readonly loopLag = new LoopLag();

  /** redis_exporter's `redis_target_scrape_request_errors_total`, under compat only. */
  readonly scrapeRequestErrors: SelfCounter | undefined;

  private readonly fixed: SelfFamily[] = [];
  private readonly errorsFamily: SelfFamily['family'] | undefined;
  private readonly process: ProcessMetrics | undefined;

  /** `namespace` (--namespace) replaces `redis` in the two redis_exporter names, as redis_exporter does. */
  constructor(opts: { defaultMetrics: boolean; compat?: boolean; namespace?: string } = { defaultMetrics: true }) {
    this.fixed.push({ family: FAMILIES.buildInfo, series: [{ labels: { version: VERSION, node_version: process.version }, value: 1 }] });
    if (opts.compat) {
      // redis_exporter's exporter-wide names, so its "exporter down" alerts and version panels keep working.
      const ns = (f: SelfFamily['family']): SelfFamily['family'] => (opts.namespace && opts.namespace !== 'redis' ? { ...f, name: `${opts.namespace}_${f.name.slice('redis_'.length)}` } : f);
      this.fixed.push({
        family: ns(COMPAT_FAMILIES.buildInfo),
        series: [{ labels: { version: VERSION, commit_sha: BUILD.commitSha, build_date: BUILD.date, golang_version: `node ${process.version}` }, value: 1 }],
      });
      this.scrapeRequestErrors = new SelfCounter();
      this.errorsFamily = ns(COMPAT_FAMILIES.scrapeRequestErrors);
    }
    if (opts.defaultMetrics) this.process = new ProcessMetrics(this.loopLag);
  }

  render(): Promise<string> {
    const list = [...this.fixed];
    if (this.scrapeRequestErrors && this.errorsFamily) list.push(single(this.errorsFamily, this.scrapeRequestErrors.value));
    if (this.process) list.push(...this.process.collect());
    return Promise.resolve(renderSelf(list));
  }

  /** Stops the garbage-collection observer. */
  stop(): void {
    this.process?.stop();
  }
}

import type { PollExtras } from '../collectors/types.js';
import { reconcileCluster } from '../targets/cluster-reconcile.js';
import { adhocScraper } from '../http/adhoc.js';
import type { Config, TargetConfig } from '../config/config.js';
import type { Logger } from '../log.js';
import { SharedHostReads } from '../host/shared-reads.js';
import { Limiter } from '../poll/limiter.js';
import { createPoller } from '../poll/create-poller.js';
import { AUTO_MIN_MS } from '../config/poll-interval.js';
import { ScrapeCadence } from '../poll/scrape-cadence.js';
import { autoSchedule, fixedSchedule } from '../poll/schedule.js';
import { SelfMetrics } from '../exposition/self-metrics.js';
import { startWeb } from '../http/web.js';
import type { Snapshot } from '../poll/snapshot.js';
import { TargetSet } from '../targets/target-set.js';

export interface Running {
  readonly url: string;
  readonly targets: TargetSet;
  stop(): Promise<void>;
}

/** Wires config → sources → pollers → HTTP, and returns a handle that shuts it all down in order. */
export async function startExporter(config: Config, logger: Logger): Promise<Running> {
  const self = new SelfMetrics({ defaultMetrics: true, compat: config.compatRedisExporter, namespace: config.namespace });
  const limiter = new Limiter(config.poll.concurrency);
  // --poll.interval=auto: every target polls once per scrape of /metrics (one cadence, process-wide).
  const cadence = config.poll.auto ? new ScrapeCadence() : undefined;
  const schedule = cadence ? autoSchedule(cadence) : fixedSchedule(config.poll.intervalMs);
  // Under auto the window is sized for the shortest interval auto can reach.
  const hostReads = SharedHostReads.forInterval(cadence ? AUTO_MIN_MS : config.poll.intervalMs, config.poll.configIntervalMs);
  for (const t of config.targets) {
    if (t.tls.skipVerify && t.address.tls) logger.warn({ target: t.name }, 'TLS certificate verification is OFF for this target: anyone on the path can impersonate Redis');
  }
  const seeds = new Set(config.targets.map((t) => t.name));
  const targets: TargetSet = new TargetSet((t) => {
    const seed = seeds.has(t.name);
    const onSnapshot =
      seed && config.cluster.discover
        ? (_s: Snapshot, extras: PollExtras) => void discover(t, extras).catch((err: unknown) => logger.error({ seed: t.name, error: (err as Error).message }, 'cluster discovery failed'))
        : undefined;
    // Only configured targets scan for big keys; cluster nodes found by discovery do not. Key
    // checks run on every node: each reads the keys it holds (--is-cluster).
    return createPoller(config, t, logger, { limiter, seed, bigkeys: seed, keyChecks: true, hostReads, schedule, loopLag: self.loopLag, ...(onSnapshot ? { onSnapshot } : {}) });
  }, false);
  const { allow, maxNodes } = config.cluster;
  const bounds = { maxNodes, ...(allow.empty ? {} : { allows: (host: string) => allow.allows(host) }) };
  if (config.cluster.discover && allow.empty && config.targets.some((t) => t.password !== '' || t.passwordFile)) {
    logger.warn("--cluster.discover sends each seed's credentials to every address its CLUSTER NODES lists; set --cluster.allow-addresses to the ranges your cluster lives in");
  }
  /** Per seed, what was last reported as refused or over the cap: warned on change, not every refresh. */
  const reported = new Map<string, string>();
  const discover = async (seed: TargetConfig, extras: PollExtras) => {
    if (!extras.clusterNodes) return;
    const r = await reconcileCluster(targets, seed, extras.clusterNodes, bounds);
    if (r.added.length || r.removed.length) logger.info({ seed: seed.name, added: r.added.length, removed: r.removed.length }, 'cluster nodes changed');
    const key = `${r.refused.join(',')}|${r.overCap}`;
    if (key !== (reported.get(seed.name) ?? '|0')) {
      if (r.refused.length)
        logger.warn({ seed: seed.name, refused: r.refused.slice(0, 20), count: r.refused.length }, 'CLUSTER NODES lists nodes outside --cluster.allow-addresses; they are not polled');
      if (r.overCap) logger.warn({ seed: seed.name, skipped: r.overCap, maxNodes }, 'CLUSTER NODES lists more nodes than --cluster.max-nodes; the rest are not polled');
    }
    reported.set(seed.name, key);
  };
  for (const t of config.targets) targets.add(t);
  const web = await startWeb({
    config,
    targets,
    self,
    logger,
    adhoc: adhocScraper(config, logger),
    pollIntervalMs: () => schedule.intervalMs(),
    ...(cadence ? { onScrape: () => cadence.scraped() } : {}),
  });
  const { host, port } = config.web.listen;
  let url: string;
  try {
    url = await web.listen(host, port);
  } catch (err) {
    // "::" fails on hosts without IPv6; the all-interfaces intent is then IPv4's 0.0.0.0.
    if (host !== '::' || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    url = await web.listen('0.0.0.0', port);
  }
  targets.startAll();
  logger.info({ url, targets: config.targets.length, metrics: config.web.telemetryPath }, 'redis-vitals listening');
  return {
    url,
    targets,
    async stop() {
      await targets.stopAll();
      await web.close();
    },
  };
}

import type { PollExtras } from '../collectors/types.js';
import { reconcileCluster } from '../targets/cluster-reconcile.js';
import { adhocScraper } from '../http/adhoc.js';
import type { Config, TargetConfig } from '../config/config.js';
import type { Logger } from '../log.js';
import { SharedHostReads } from '../host/shared-reads.js';
import { Limiter } from '../poll/limiter.js';
import { createPoller } from '../poll/create-poller.js';
import { SelfMetrics } from '../exposition/self-metrics.js';
import { buildServer } from '../http/app.js';
import type { Snapshot } from '../poll/snapshot.js';
import { TargetSet } from '../targets/target-set.js';

export interface Running {
  readonly url: string;
  readonly targets: TargetSet;
  stop(): Promise<void>;
}

/** Wires config → sources → pollers → HTTP, and returns a handle that shuts it all down in order. */
export async function startExporter(config: Config, logger: Logger): Promise<Running> {
  const self = new SelfMetrics();
  const limiter = new Limiter(config.poll.concurrency);
  const hostReads = SharedHostReads.forInterval(config.poll.intervalMs);
  for (const t of config.targets) {
    if (t.tls.skipVerify && t.address.tls) logger.warn({ target: t.name }, 'TLS certificate verification is OFF for this target: anyone on the path can impersonate Redis');
  }
  const seeds = new Set(config.targets.map((t) => t.name));
  const targets: TargetSet = new TargetSet((t) => {
    const seed = seeds.has(t.name);
    const onSnapshot = seed && config.cluster.discover ? (_s: Snapshot, extras: PollExtras) => void discover(t, extras).catch((err: unknown) => logger.error({ seed: t.name, error: (err as Error).message }, 'cluster discovery failed')) : undefined;
    // Only configured targets scan for big keys; cluster nodes found by discovery do not.
    return createPoller(config, t, logger, self, { limiter, seed, bigkeys: seed, hostReads, ...(onSnapshot ? { onSnapshot } : {}) });
  }, false);
  const discover = async (seed: TargetConfig, extras: PollExtras) => {
    if (!extras.clusterNodes) return;
    const { added, removed } = await reconcileCluster(targets, seed, extras.clusterNodes);
    if (added.length || removed.length) logger.info({ seed: seed.name, added, removed }, 'cluster nodes changed');
  };
  for (const t of config.targets) targets.add(t);
  const app = await buildServer({ config, targets, self, logger, adhoc: adhocScraper(config, logger) });
  const { host, port } = config.web.listen;
  let url: string;
  try {
    url = await app.listen({ host, port });
  } catch (err) {
    // "::" fails on hosts without IPv6; the all-interfaces intent is then IPv4's 0.0.0.0.
    if (host !== '::' || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    url = await app.listen({ host: '0.0.0.0', port });
  }
  targets.startAll();
  logger.info({ url, targets: config.targets.length, metrics: config.web.telemetryPath }, 'redis-vitals listening');
  return {
    url,
    targets,
    async stop() {
      await targets.stopAll();
      await app.close();
    },
  };
}

import { buildBigKeysJob } from '../bigkeys/build.js';
import { clusterNodesFetcher } from '../collectors/fetchers/cluster-nodes.js';
import { collectorsFor } from '../collectors/index.js';
import type { Config, TargetConfig } from '../config/config.js';
import { hostCollectionFor } from '../config/host.js';
import { buildFetchers } from './build-fetchers.js';
import type { Limiter } from './limiter.js';
import type { Logger } from '../log.js';
import { Poller } from './poller.js';
import type { SharedHostReads } from '../host/shared-reads.js';
import type { SelfMetrics } from '../exposition/self-metrics.js';
import type { Snapshot } from './snapshot.js';
import type { PollExtras } from '../collectors/types.js';
import { RedisSource } from '../redis/connection.js';

export interface PollerExtras {
  readonly limiter?: Limiter;
  readonly seed?: boolean;
  readonly onSnapshot?: (s: Snapshot, extras: PollExtras) => void;
  /** Run the big-key job for this target when --bigkeys.enabled (serve's configured targets only). */
  readonly bigkeys?: boolean;
  /** Host-wide readings shared by all targets of this exporter. */
  readonly hostReads?: SharedHostReads;
}

/** One target's source and poller; shared by `serve`, `check` and `doctor`. */
export function createPoller(config: Config, target: TargetConfig, logger: Logger, self: SelfMetrics, extra: PollerExtras = {}): Poller {
  const source = new RedisSource({
    address: target.address,
    user: target.user,
    password: target.password,
    ...(target.passwordFile ? { passwordFile: target.passwordFile } : {}),
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    callTimeoutMs: config.poll.timeoutMs,
    configCommand: config.redis.configCommand,
  });
  const bigkeys = extra.bigkeys ? buildBigKeysJob(config, target, logger) : undefined;
  const fetchers = buildFetchers(config, target, { ...(bigkeys ? { bigkeys } : {}), ...(extra.hostReads ? { hostReads: extra.hostReads } : {}) });
  if (extra.seed && config.cluster.discover) fetchers.push(clusterNodesFetcher(target.name, config.poll.configIntervalMs, logger));
  return new Poller({
    target: target.name,
    source,
    intervalMs: config.poll.intervalMs,
    timeoutMs: config.poll.timeoutMs,
    configIntervalMs: config.poll.configIntervalMs,
    compat: config.compatRedisExporter,
    logger,
    self,
    // Host collectors only where host fetchers run: a remote target reports no host collector at all.
    collectors: collectorsFor({ host: hostCollectionFor(config.host, target.address) }),
    fetchers,
    thresholds: config.doctor.thresholds,
    labels: target.labels,
    // Whenever /metrics may show more than one target, each series carries its target's name.
    targetLabel: config.multiTarget,
    ...(extra.limiter ? { limiter: extra.limiter } : {}),
    ...(extra.onSnapshot ? { onSnapshot: extra.onSnapshot } : {}),
    ...(bigkeys ? { jobs: [bigkeys] } : {}),
  });
}

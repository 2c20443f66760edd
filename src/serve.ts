import { parseRedisAddress } from './config/address.js';
import { collectorsFor } from './collectors/index.js';
import type { Config, TargetConfig } from './config/config.js';
import { hostCollectionFor } from './config/host.js';
import type { Logger } from './log.js';
import { buildFetchers } from './fetchers.js';
import { Limiter } from './limiter.js';
import { Poller } from './poller.js';
import { SelfMetrics } from './self-metrics.js';
import { buildServer } from './server.js';
import { RedisSource } from './sources/redis.js';

const NO_TLS_FILES = { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false };

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

/** One target's source and poller; shared by `serve`, `check` and `doctor`. */
export function createPoller(config: Config, target: TargetConfig, logger: Logger, self: SelfMetrics, limiter?: Limiter): Poller {
  const source = new RedisSource({
    address: target.address,
    user: target.user,
    password: target.password,
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    configCommand: config.redis.configCommand,
  });
  return new Poller({
    target: target.name,
    source,
    intervalMs: config.poll.intervalMs,
    timeoutMs: config.poll.timeoutMs,
    configIntervalMs: config.poll.configIntervalMs,
    compat: config.compatRedisExporter,
    logger,
    self,
    collectors: collectorsFor({ host: hostCollectionFor(config.host, target.address) }),
    fetchers: buildFetchers(config, target, logger),
    thresholds: config.doctor.thresholds,
    labels: target.labels,
    ...(limiter ? { limiter } : {}),
  });
}

/** Wires config → sources → pollers → HTTP, and returns a handle that shuts it all down in order. */
export async function startExporter(config: Config, logger: Logger): Promise<Running> {
  const self = new SelfMetrics();
  const limiter = new Limiter(config.poll.concurrency);
  for (const t of config.targets) {
    if (t.tls.skipVerify && t.address.tls) logger.warn({ target: t.name }, 'TLS certificate verification is OFF for this target: anyone on the path can impersonate Redis');
  }
  const pollers = config.targets.map((t) => createPoller(config, t, logger, self, limiter));
  const adhoc = async (addr: string): Promise<string> => {
    let address;
    try {
      address = parseRedisAddress(addr);
    } catch {
      throw new Error('not a Redis address');
    }
    if (address.kind === 'unix' || !config.scrape.allow.allows(address.host)) throw new Error('target is neither configured nor in --scrape.allow-addresses');
    // Ad-hoc targets never get credentials: a password only goes to the targets it was configured for.
    const target: TargetConfig = { name: address.display, address: { ...address, user: '', password: '' }, user: '', password: '', tls: NO_TLS_FILES, labels: {} };
    // A throwaway registry: ad-hoc addresses must not leave self-metric series behind.
    const poller = createPoller(config, target, logger, new SelfMetrics({ defaultMetrics: false }), limiter);
    try {
      return (await poller.pollOnce()).text;
    } finally {
      await poller.stop();
    }
  };
  const app = await buildServer({ config, pollers, self, logger, adhoc });
  const { host, port } = config.web.listen;
  let url: string;
  try {
    url = await app.listen({ host, port });
  } catch (err) {
    // "::" fails on hosts without IPv6; the all-interfaces intent is then IPv4's 0.0.0.0.
    if (host !== '::' || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    url = await app.listen({ host: '0.0.0.0', port });
  }
  for (const p of pollers) p.start();
  logger.info({ url, targets: pollers.length, metrics: config.web.telemetryPath }, 'redis-vitals listening');
  return {
    url,
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      await app.close();
    },
  };
}

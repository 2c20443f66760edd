import { collectorsFor } from './collectors/index.js';
import type { Config } from './config/config.js';
import type { Logger } from './log.js';
import { buildFetchers } from './fetchers.js';
import { Poller } from './poller.js';
import { SelfMetrics } from './self-metrics.js';
import { buildServer } from './server.js';
import { RedisSource } from './sources/redis.js';

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

/** Wires config → sources → pollers → HTTP, and returns a handle that shuts it all down in order. */
export async function startExporter(config: Config, logger: Logger): Promise<Running> {
  const self = new SelfMetrics();
  const target = config.redis.address.display;
  const source = new RedisSource({
    address: config.redis.address,
    user: config.redis.user,
    password: config.redis.password,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    configCommand: config.redis.configCommand,
  });
  const poller = new Poller({
    target,
    source,
    intervalMs: config.poll.intervalMs,
    timeoutMs: config.poll.timeoutMs,
    configIntervalMs: config.poll.configIntervalMs,
    compat: config.compatRedisExporter,
    collectors: collectorsFor({ host: config.host.enabled }),
    fetchers: buildFetchers(config, logger),
    logger,
    self,
  });
  const app = buildServer({ pollers: [poller], self, telemetryPath: config.web.telemetryPath, logger });
  const { host, port } = config.web.listen;
  let url: string;
  try {
    url = await app.listen({ host, port });
  } catch (err) {
    // "::" fails on hosts without IPv6; the all-interfaces intent is then IPv4's 0.0.0.0.
    if (host !== '::' || (err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    url = await app.listen({ host: '0.0.0.0', port });
  }
  poller.start();
  logger.info({ url, target, metrics: config.web.telemetryPath, host: config.host.enabled }, 'redis-vitals listening');
  return {
    url,
    async stop() {
      await poller.stop();
      await app.close();
    },
  };
}

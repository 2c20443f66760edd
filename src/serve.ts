import { BigKeysJob } from './bigkeys/job.js';
import { parseRedisAddress } from './config/address.js';
import type { Config, TargetConfig } from './config/config.js';
import type { Logger } from './log.js';
import { buildFetchers, type FetcherDeps } from './fetchers.js';
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

/** One target's source and poller; shared by `serve`, `check` and `doctor`. `deps` are serve's long-lived jobs. */
export function createPoller(config: Config, target: TargetConfig, logger: Logger, self: SelfMetrics, limiter?: Limiter, deps: FetcherDeps = {}): Poller {
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
    fetchers: buildFetchers(config, target, deps),
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
  // Configured targets only: ad-hoc /scrape targets and check/doctor never start a key scan.
  const jobs = config.targets.map((t) => buildBigKeysJob(config, t, logger));
  const pollers = config.targets.map((t, i) => {
    const bigkeys = jobs[i];
    return createPoller(config, t, logger, self, limiter, bigkeys ? { bigkeys } : {});
  });
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
  for (const j of jobs) j?.start();
  logger.info({ url, targets: pollers.length, metrics: config.web.telemetryPath }, 'redis-vitals listening');
  return {
    url,
    async stop() {
      await Promise.all(jobs.map((j) => j?.stop()));
      await Promise.all(pollers.map((p) => p.stop()));
      await app.close();
    },
  };
}

/** A target's big-key job (off by default), on its own connection: to its replica when one is configured. */
function buildBigKeysJob(config: Config, target: TargetConfig, logger: Logger): BigKeysJob | undefined {
  const b = config.bigkeys;
  if (!b.enabled) return undefined;
  const replica = target.bigkeysReplica;
  const source = new RedisSource({
    address: replica ?? target.address,
    // The replica's own credentials when its address carries them, else the target's.
    user: replica?.user || target.user,
    password: replica?.password || target.password,
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    configCommand: null,
  });
  logger.info({ target: target.name, scans: (replica ?? target.address).display, intervalMs: b.intervalMs, cycleKeys: b.cycleKeys, cycleTimeMs: b.cycleTimeMs }, 'big-key scan enabled');
  return new BigKeysJob({ source, settings: b, logger, target: target.name, timeoutMs: config.poll.timeoutMs });
}

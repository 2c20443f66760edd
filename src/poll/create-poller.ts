import { buildBigKeysJob } from '../bigkeys/build.js';
import type { BigKeysJob } from '../bigkeys/job.js';
import { buildKeyChecksJob } from '../keychecks/build.js';
import type { KeyChecksJob } from '../keychecks/job.js';
import { collectorsFor } from '../collectors/index.js';
import type { Collector, PollExtras } from '../collectors/types.js';
import type { Config, TargetConfig } from '../config/config.js';
import { hostCollectionFor } from '../config/host.js';
import { enabledRules } from '../doctor/index.js';
import type { SharedHostReads } from '../host/shared-reads.js';
import type { Logger } from '../log.js';
import { targetSource } from '../redis/target-source.js';
import type { Limiter } from './limiter.js';
import type { LoopLag } from '../exposition/loop-lag.js';
import { Poller } from './poller.js';
import { fixedSchedule, type PollSchedule } from './schedule.js';
import type { Snapshot } from './snapshot.js';
import { TargetPoll } from './target-poll.js';

export interface PollerExtras {
  readonly limiter?: Limiter;
  readonly seed?: boolean;
  readonly onSnapshot?: (s: Snapshot, extras: PollExtras) => void;
  /** Run the big-key job for this target when --bigkeys.enabled (serve's configured targets only). */
  readonly bigkeys?: boolean;
  /** Run the --check-keys/--count-keys job for this target (when either is set). */
  readonly keyChecks?: boolean;
  /** Host-wide readings shared by all targets of this exporter. */
  readonly hostReads?: SharedHostReads;
  /** The exporter's event-loop-lag metric, fed by the poll timers. */
  readonly loopLag?: LoopLag;
  /** When polls run (serve: one schedule for every target); a fixed --poll.interval without it. */
  readonly schedule?: PollSchedule;
}

/**
 * The collectors of one target. Host on or off is decided here, once: a remote target has no
 * host collector at all.
 */
export function targetCollectors(
  config: Config,
  target: TargetConfig,
  logger: Logger,
  extra: Pick<PollerExtras, 'seed' | 'hostReads'> & { bigkeysJob?: BigKeysJob; keyChecksJob?: KeyChecksJob } = {},
): Collector[] {
  const local = hostCollectionFor(config.host, target.address);
  const host = local ? { roots: config.host, dataDir: config.host.dataDir, ...(extra.hostReads ? { shared: extra.hostReads } : {}) } : undefined;
  return collectorsFor({
    ...(host ? { host } : {}),
    log: { explicit: target.logFile, local, rootfs: config.host.rootfs },
    ...(extra.bigkeysJob ? { bigkeys: extra.bigkeysJob } : {}),
    ...(extra.keyChecksJob ? { keyChecks: extra.keyChecksJob } : {}),
    ...(config.redis.clientList.enabled ? { clientList: { withPort: config.redis.clientList.port } } : {}),
    ...(extra.seed && config.cluster.discover ? { cluster: { target: target.name, refreshMs: config.poll.configIntervalMs, logger } } : {}),
  });
}

/** One target's source, collectors and poller; shared by `serve`, `check` and `doctor`. */
export function createPoller(config: Config, target: TargetConfig, logger: Logger, extra: PollerExtras = {}): Poller {
  const source = targetSource(config, target, { configCommand: config.redis.configCommand, allConfig: config.redis.includeConfigMetrics });
  const bigkeys = extra.bigkeys ? buildBigKeysJob(config, target, logger) : undefined;
  const keyChecks = extra.keyChecks ? buildKeyChecksJob(config, target, logger) : undefined;
  const collectors = targetCollectors(config, target, logger, { ...extra, ...(bigkeys ? { bigkeysJob: bigkeys } : {}), ...(keyChecks ? { keyChecksJob: keyChecks } : {}) });
  const jobs = [...(bigkeys ? [bigkeys] : []), ...(keyChecks ? [keyChecks] : [])];
  const schedule = extra.schedule ?? fixedSchedule(config.poll.intervalMs);
  const targetPoll = new TargetPoll({
    target: target.name,
    source,
    intervalMs: () => schedule.intervalMs(),
    timeoutMs: config.poll.timeoutMs,
    configIntervalMs: config.poll.configIntervalMs,
    compat: config.compatRedisExporter,
    namespace: config.namespace,
    logger,
    collectors,
    thresholds: config.doctor.thresholds,
    rules: enabledRules([...config.doctor.disable, ...(target.doctorDisable ?? [])]),
    address: {
      kind: target.address.kind,
      host: target.address.host,
      port: target.address.port,
      path: target.address.path,
      tls: target.address.tls,
      local: hostCollectionFor(config.host, target.address),
    },
    labels: target.labels,
    // Whenever /metrics may show more than one target, each series carries its target's name.
    targetLabel: config.multiTarget,
  });
  return new Poller({
    target: target.name,
    intervalMs: config.poll.intervalMs,
    schedule,
    poll: (current, swap) => targetPoll.run(current, swap),
    close: () => source.close(),
    interrupt: () => {
      targetPoll.closing();
      source.reset();
    },
    stale: (age) => targetPoll.stale(age),
    pollMaxMs: 1.25 * config.poll.timeoutMs,
    ...(extra.limiter ? { limiter: extra.limiter } : {}),
    ...(extra.onSnapshot ? { onSnapshot: extra.onSnapshot } : {}),
    ...(jobs.length > 0 ? { jobs } : {}),
    ...(extra.loopLag ? { loopLag: extra.loopLag } : {}),
  });
}

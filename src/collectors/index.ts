import type { BigKeysJob } from '../bigkeys/job.js';
import type { KeyChecksJob } from '../keychecks/job.js';
import type { Logger } from '../log.js';
import { bigkeysCollector } from './bigkeys.js';
import { clientListCollector } from './client-list.js';
import { clusterNodesCollector } from './cluster-nodes.js';
import { clusterInfoCollector } from './cluster-info.js';
import { commandstatsCollector } from './commandstats.js';
import { configCollector } from './config.js';
import { configFileCollector } from './config-file.js';
import { configValuesCollector } from './config-values.js';
import { errorstatsCollector } from './errorstats.js';
import { exporterCompatCollector } from './exporter-compat.js';
import { hostDataDirCollector } from './host-datadir.js';
import { hostDiskIoCollector } from './host-diskio.js';
import { hostFilesCollector } from './host-files.js';
import { hostMemoryCollector } from './host-memory.js';
import { hostOvercommitCollector } from './host-overcommit.js';
import { hostProcessSmapsCollector } from './host-process-smaps.js';
import { hostProcessCollector } from './host-process.js';
import { HostReader, type HostCollector, type HostSettings } from './host-reader.js';
import { hostThpCollector } from './host-thp.js';
import { infoFieldsCollector } from './info-fields.js';
import { instanceCollector } from './instance.js';
import { keyChecksCollector } from './keychecks.js';
import { keyspaceCollector } from './keyspace.js';
import { latencyCollector } from './latency.js';
import { redisLogCollector, type RedisLogOptions } from './redis-log.js';
import { replBacklogCollector } from './repl-backlog.js';
import { replicaBuffersCollector } from './replica-buffers.js';
import { replicationCollector } from './replication.js';
import { restartsCollector } from './restarts.js';
import { sentinelCollector } from './sentinel.js';
import { slowlogCollector } from './slowlog.js';
import { streamsCollector } from './streams.js';
import type { Collector } from './types.js';

/**
 * Every Redis collector, in output order (and fetch order: under a missed deadline, later ones
 * are not started). Each call builds fresh per-target state (refused commands, the previous
 * replication offset). A test fails when a collector file in this folder is missing here.
 */
export interface RedisCollectorOptions {
  readonly bigkeys?: BigKeysJob;
  /** The key-check job (--check-keys, --count-keys, --check-streams …), when it runs. */
  readonly keyChecks?: KeyChecksJob;
  /** --export-client-list (and --export-client-port). */
  readonly clientList?: { readonly withPort: boolean };
}

export function redisCollectors(opts: RedisCollectorOptions = {}): Collector[] {
  return [
    instanceCollector,
    infoFieldsCollector,
    keyspaceCollector,
    replicationCollector,
    replicaBuffersCollector(),
    replBacklogCollector(),
    commandstatsCollector,
    errorstatsCollector,
    configCollector,
    configValuesCollector,
    latencyCollector(),
    slowlogCollector(),
    clusterInfoCollector(),
    sentinelCollector(),
    bigkeysCollector(opts.bigkeys),
    clientListCollector(opts.clientList),
    keyChecksCollector(opts.keyChecks),
    streamsCollector,
    restartsCollector(),
  ];
}

/** Host collectors, in read order: later ones use what earlier ones read in the same poll. */
export const HOST_COLLECTORS: readonly HostCollector[] = [
  hostMemoryCollector,
  hostOvercommitCollector,
  hostThpCollector,
  hostProcessCollector,
  hostProcessSmapsCollector,
  hostDataDirCollector,
  hostDiskIoCollector,
  hostFilesCollector,
];

export interface CollectorOptions extends RedisCollectorOptions {
  /** How to read the host, when host collection is on for this target (decided once, by config/host.ts). */
  readonly host?: HostSettings;
  /** The Redis log to follow (always built: it may be named explicitly for a remote target). */
  readonly log?: RedisLogOptions;
  /** CLUSTER NODES for discovery, on a seed target with --cluster.discover. */
  readonly cluster?: { readonly target: string; readonly refreshMs: number; readonly logger: Logger };
}

/**
 * The collectors of one target, built once per target. A remote target gets no host collector
 * at all, rather than a success that read nothing.
 */
export function collectorsFor(opts: CollectorOptions = {}): Collector[] {
  const { host, cluster, log, ...redis } = opts;
  const out = redisCollectors(redis);
  if (host) out.push(...new HostReader(host).collectors(HOST_COLLECTORS));
  if (log) out.push(redisLogCollector(log));
  // The config file Redis started with, for config-not-persisted: only where its path is ours to read.
  if (host) out.push(configFileCollector({ rootfs: host.roots.rootfs, procfs: host.roots.procfs, everyMs: 60_000 }));
  if (cluster) out.push(clusterNodesCollector(cluster.target, cluster.refreshMs, cluster.logger));
  // Last: its duration covers every other collector's fetch, as a redis_exporter scrape did.
  out.push(exporterCompatCollector());
  return out;
}

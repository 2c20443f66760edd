import { bigkeysCollector } from './bigkeys.js';
import { clusterInfoCollector } from './cluster-info.js';
import { commandstatsCollector } from './commandstats.js';
import { configCollector } from './config.js';
import { errorstatsCollector } from './errorstats.js';
import { exporterCompatCollector } from './exporter-compat.js';
import { hostDataDirCollector } from './host-datadir.js';
import { hostDiskIoCollector } from './host-diskio.js';
import { hostFilesCollector } from './host-files.js';
import { hostMemoryCollector } from './host-memory.js';
import { hostOvercommitCollector } from './host-overcommit.js';
import { hostProcessSmapsCollector } from './host-process-smaps.js';
import { hostProcessCollector } from './host-process.js';
import { hostThpCollector } from './host-thp.js';
import { infoFieldsCollector } from './info-fields.js';
import { instanceCollector } from './instance.js';
import { keyspaceCollector } from './keyspace.js';
import { latencyCollector } from './latency.js';
import { replBacklogCollector } from './repl-backlog.js';
import { replicaBuffersCollector } from './replica-buffers.js';
import { replicationCollector } from './replication.js';
import { sentinelCollector } from './sentinel.js';
import { slowlogCollector } from './slowlog.js';
import type { Collector } from './types.js';

/** Every Redis collector, in output order. A test fails when a file in this folder is missing here. */
export const REDIS_COLLECTORS: readonly Collector[] = [
  instanceCollector,
  infoFieldsCollector,
  keyspaceCollector,
  replicationCollector,
  replicaBuffersCollector,
  replBacklogCollector,
  commandstatsCollector,
  errorstatsCollector,
  configCollector,
  latencyCollector,
  slowlogCollector,
  clusterInfoCollector,
  sentinelCollector,
  bigkeysCollector,
  exporterCompatCollector,
];

/**
 * Host collectors, named like the host fetchers (src/host/areas.ts) whose readings they turn
 * into series. They run only where host collection is on, so a remote target reports no host
 * collector at all rather than a success that read nothing.
 */
export const HOST_COLLECTORS: readonly Collector[] = [
  hostMemoryCollector,
  hostOvercommitCollector,
  hostThpCollector,
  hostProcessCollector,
  hostProcessSmapsCollector,
  hostDataDirCollector,
  hostDiskIoCollector,
  hostFilesCollector,
];

/** The collectors of one target; `host` must match whether its host fetchers were built. */
export function collectorsFor(opts: { readonly host: boolean }): readonly Collector[] {
  return opts.host ? [...REDIS_COLLECTORS, ...HOST_COLLECTORS] : REDIS_COLLECTORS;
}

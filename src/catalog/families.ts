import { FAMILIES as bigkeys } from '../collectors/bigkeys.js';
import { FAMILIES as clientList } from '../collectors/client-list.js';
import { FAMILIES as clusterInfo } from '../collectors/cluster-info.js';
import { FAMILIES as commandstats } from '../collectors/commandstats.js';
import { FAMILIES as config } from '../collectors/config.js';
import { FAMILIES as configValues } from '../collectors/config-values.js';
import { FAMILIES as errorstats } from '../collectors/errorstats.js';
import { FAMILIES as exporterCompat } from '../collectors/exporter-compat.js';
import { FAMILIES as hostDataDir } from '../collectors/host-datadir.js';
import { FAMILIES as hostDiskIo } from '../collectors/host-diskio.js';
import { FAMILIES as hostFiles } from '../collectors/host-files.js';
import { FAMILIES as hostMemory } from '../collectors/host-memory.js';
import { FAMILIES as hostOvercommit } from '../collectors/host-overcommit.js';
import { FAMILIES as hostProcessSmaps } from '../collectors/host-process-smaps.js';
import { FAMILIES as hostProcess } from '../collectors/host-process.js';
import { FAMILIES as hostThp } from '../collectors/host-thp.js';
import { FAMILIES as infoFields } from '../collectors/info-fields.js';
import { FAMILIES as instance } from '../collectors/instance.js';
import { FAMILIES as keyChecks } from '../collectors/keychecks.js';
import { FAMILIES as keyspace } from '../collectors/keyspace.js';
import { FAMILIES as latency } from '../collectors/latency.js';
import { FAMILIES as redisLog } from '../collectors/redis-log.js';
import { FAMILIES as replBacklog } from '../collectors/repl-backlog.js';
import { FAMILIES as replicaBuffers } from '../collectors/replica-buffers.js';
import { FAMILIES as replication } from '../collectors/replication.js';
import { FAMILIES as restarts } from '../collectors/restarts.js';
import { FAMILIES as sentinel } from '../collectors/sentinel.js';
import { FAMILIES as slowlog } from '../collectors/slowlog.js';
import { FAMILIES as streams } from '../collectors/streams.js';
import { FAMILIES as doctor } from '../doctor/index.js';
import type { Family } from '../exposition/family.js';
import { FAMILIES as loopLag } from '../exposition/loop-lag.js';
import { FAMILIES as runtime } from '../exposition/process-metrics.js';
import { COMPAT_FAMILIES as processCompat, FAMILIES as processWide } from '../exposition/self-metrics.js';
import { FAMILIES as pollHealth } from '../poll/health.js';
import { FAMILIES as poll } from '../poll/run-poll.js';
import { FAMILIES as seriesCaps } from '../poll/series-caps.js';

type Declared = Readonly<Record<string, Family>> | readonly Family[];

/**
 * Every metric family redis-vitals can serve, each declared next to the code that emits it.
 * Adding a collector's file means adding its FAMILIES here (a test fails on a family served but
 * not listed). docs/metrics.md lists them section by section in this order (`npm run docs:metrics`).
 */
const DECLARED: readonly Declared[] = [
  poll,
  instance,
  infoFields,
  keyspace,
  clusterInfo,
  sentinel,
  replication,
  replicaBuffers,
  replBacklog,
  commandstats,
  errorstats,
  latency,
  slowlog,
  bigkeys,
  config,
  configValues,
  keyChecks,
  streams,
  clientList,
  hostOvercommit,
  hostThp,
  hostMemory,
  hostDataDir,
  hostDiskIo,
  hostFiles,
  hostProcess,
  hostProcessSmaps,
  doctor,
  redisLog,
  restarts,
  pollHealth,
  seriesCaps,
  processWide,
  exporterCompat,
  processCompat,
  runtime,
  loopLag,
];

export const ALL_FAMILIES: readonly Family[] = DECLARED.flatMap((d) => (Array.isArray(d) ? d : Object.values(d)));

/** Inherited redis_exporter names that break conventions: served under compat only. */
export const COMPAT_ONLY_NAMES: ReadonlySet<string> = new Set(ALL_FAMILIES.filter((f) => f.compat).map((f) => f.name));

/** Counters redis_exporter 1.45 types as gauges: typed gauge under compat. */
export const COMPAT_GAUGE_COUNTERS: ReadonlySet<string> = new Set(ALL_FAMILIES.filter((f) => f.compatType === 'gauge').map((f) => f.name));

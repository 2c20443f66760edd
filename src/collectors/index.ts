import { bigkeysCollector } from './bigkeys.js';
import { commandstatsCollector } from './commandstats.js';
import { configCollector } from './config.js';
import { errorstatsCollector } from './errorstats.js';
import { infoFieldsCollector } from './info-fields.js';
import { instanceCollector } from './instance.js';
import { keyspaceCollector } from './keyspace.js';
import { latencyCollector } from './latency.js';
import { replBacklogCollector } from './repl-backlog.js';
import { replicaBuffersCollector } from './replica-buffers.js';
import { replicationCollector } from './replication.js';
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
  bigkeysCollector,
];

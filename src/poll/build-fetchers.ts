import type { BigKeysJob } from '../bigkeys/job.js';
import type { Fetcher } from '../collectors/types.js';
import type { Config, TargetConfig } from '../config/config.js';
import { hostCollectionFor } from '../config/host.js';
import { bigkeysFetcher } from '../collectors/fetchers/bigkeys.js';
import { latencyFetcher } from '../collectors/fetchers/latency.js';
import { replRateFetcher } from '../collectors/fetchers/repl-rate.js';
import { replicaClientsFetcher } from '../collectors/fetchers/replica-clients.js';
import { slowlogFetcher } from '../collectors/fetchers/slowlog.js';
import { HostFetchers } from '../host/fetcher.js';
import type { SharedHostReads } from '../host/shared-reads.js';

/** Long-lived parts that fetchers read from, built and owned by serve.ts per target. */
export interface FetcherDeps {
  readonly bigkeys?: BigKeysJob;
  /** One per exporter: host-wide readings shared by its targets. */
  readonly hostReads?: SharedHostReads;
}

/**
 * The extra inputs each poll gathers besides INFO and CONFIG, built from the config
 * (e.g. the host fetcher only for local targets). One line per fetcher module. Called once per
 * target: fetchers keep per-target state (the previous replication offset, refused commands,
 * the previous diskstats).
 */
export function buildFetchers(config: Config, target: TargetConfig, deps: FetcherDeps = {}): Fetcher[] {
  const fetchers: Fetcher[] = [];
  // First: it timestamps the INFO reply for the replication write rate.
  fetchers.push(replRateFetcher());
  fetchers.push(replicaClientsFetcher());
  fetchers.push(latencyFetcher());
  fetchers.push(slowlogFetcher());
  if (deps.bigkeys) fetchers.push(bigkeysFetcher(deps.bigkeys));
  const { host } = config;
  if (hostCollectionFor(host, target.address)) fetchers.push(...new HostFetchers({ roots: host, dataDir: host.dataDir, ...(deps.hostReads ? { shared: deps.hostReads } : {}) }).fetchers());
  return fetchers;
}

import type { Fetcher } from './collectors/types.js';
import type { Config, TargetConfig } from './config/config.js';
import { hostCollectionFor } from './config/host.js';
import { HostFetchers } from './host/fetcher.js';
import type { Logger } from './log.js';

/**
 * The extra inputs each poll gathers besides INFO and CONFIG, built from the config
 * (e.g. the host fetcher only for local targets). One line per fetcher module.
 * Call once per target: fetchers keep per-target state between polls.
 */
export function buildFetchers(config: Config, target: TargetConfig, logger?: Logger): Fetcher[] {
  const fetchers: Fetcher[] = [];
  const { host } = config;
  if (hostCollectionFor(host, target.address)) fetchers.push(...new HostFetchers({ roots: host, dataDir: host.dataDir }, logger, target.name).fetchers());
  return fetchers;
}

import type { Fetcher } from './collectors/types.js';
import type { Config, TargetConfig } from './config/config.js';

/**
 * The extra inputs each poll gathers besides INFO and CONFIG, built from the config
 * (e.g. the host fetcher only for local targets). One line per fetcher module.
 */
export function buildFetchers(_config: Config, _target: TargetConfig): Fetcher[] {
  const fetchers: Fetcher[] = [];
  return fetchers;
}

import type { Logger } from '../log.js';

/**
 * redis_exporter 1.45's /scrape takes per-request key lists (`?target=…&check-keys=…`). Here key
 * lists are per exporter (--check-keys and friends, read by a budgeted job), so these are not
 * applied: said once per parameter, never ignored silently.
 */
const KEY_LIST_PARAMS = ['check-keys', 'check-single-keys', 'check-streams', 'check-single-streams', 'count-keys'] as const;

export function scrapeParamsNotice(logger: Logger): (query: Readonly<Record<string, unknown>>) => void {
  const told = new Set<string>();
  return (query) => {
    for (const p of KEY_LIST_PARAMS) {
      if (query[p] === undefined || told.has(p)) continue;
      told.add(p);
      logger.warn({ param: p }, `redis_exporter 1.45's /scrape?${p}= is not applied: key lists are per exporter here (--${p}, read by the key-check job); this is said once`);
    }
  };
}

import { ConfigError } from '../errors.js';
import { RULES } from '../doctor/index.js';

/** "fork-overcommit-risk,thp-enabled" → check ids; an unknown id is a one-line error naming the known ones. */
export function parseDisabledChecks(raw: string, what: string): string[] {
  const ids = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const known = new Set(RULES.map((r) => r.id));
  for (const id of ids) {
    if (!known.has(id)) throw new ConfigError(`${what}: unknown doctor check "${id}"; known: ${[...known].sort().join(', ')}`);
  }
  return [...new Set(ids)];
}

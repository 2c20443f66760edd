import type { ParsedInfo } from '../parse/info.js';

/**
 * INFO sections the collectors read. An old Redis (errorstats arrived in 6.2), a proxy or a
 * managed service may leave some out; their series are then absent, and the operator should
 * be told once why, rather than find blank panels.
 */
export const EXPECTED_INFO_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'commandstats', 'errorstats', 'keyspace'] as const;

export function missingInfoSections(info: ParsedInfo): string[] {
  return EXPECTED_INFO_SECTIONS.filter((s) => !info.sections.has(s));
}

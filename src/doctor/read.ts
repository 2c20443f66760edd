import type { ParsedInfo } from '../parse/info.js';
import { toNumber } from '../parse/info.js';
import type { DoctorInput } from './types.js';

/** Small readers so rules state their logic, not their parsing. */
export function num(info: ParsedInfo | undefined, field: string): number | undefined {
  return toNumber(info?.fields.get(field));
}

export function str(info: ParsedInfo | undefined, field: string): string | undefined {
  return info?.fields.get(field);
}

const NONE = new Map<never, never>();

/**
 * What the doctor keeps of a poll's INFO until the next one: rules compare fields and error
 * counts with the previous poll (grewBy), never command or latency stats, which are most of a
 * busy server's INFO. Kept once per target, so every dropped map counts hundreds of times.
 */
export function previousForDoctor(info: ParsedInfo): ParsedInfo {
  return { fields: info.fields, sections: info.sections, errorstats: info.errorstats, keyspace: [], replicas: [], commandstats: NONE, latencyPercentiles: NONE };
}

/** How much a counter grew since the previous poll; undefined without a previous poll. A reset counts as no growth. */
export function grewBy(input: DoctorInput, read: (info: ParsedInfo) => number | undefined): number | undefined {
  if (!input.info || !input.previous) return undefined;
  const now = read(input.info);
  const before = read(input.previous.info);
  if (now === undefined) return undefined;
  return Math.max(0, now - (before ?? 0));
}

/** True when RDB save points or AOF are configured: a fork will happen. */
export function persistenceOn(input: DoctorInput): boolean | undefined {
  const aof = num(input.info, 'aof_enabled');
  const save = input.config?.string('save');
  if (aof === undefined && save === undefined) return undefined;
  return aof === 1 || (save !== undefined && save.trim() !== '');
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

import { ConfigError } from '../errors.js';

/** Doctor thresholds; each can be overridden with --doctor.thresholds name=value,… */
export const DEFAULT_THRESHOLDS = {
  'memory-near-maxmemory': 0.9,
  'noeviction-at-risk': 0.8,
  'maxmemory-unset-host-ratio': 0.5,
  'fragmentation-ratio': 1.5,
  'fragmentation-min-bytes': 100 * 1024 * 1024,
  'fork-slow-seconds': 0.5,
  'fork-slow-seconds-per-gb': 0.02,
  'cow-ratio': 0.5,
  'volatile-ttl-ratio': 0.1,
  'disk-avail-ratio': 0.1,
  'disk-utilization': 0.8,
  'replica-buffer-ratio': 0.8,
  'big-key-bytes': 10 * 1024 * 1024,
  'rdb-stale-factor': 2,
  'dataset-lost-ratio': 0.5,
  'aof-unbounded-factor': 2,
} as const;

export type ThresholdName = keyof typeof DEFAULT_THRESHOLDS;
export type Thresholds = Readonly<Record<ThresholdName, number>>;

/** "memory-near-maxmemory=0.95,fork-slow-seconds=1" → frozen thresholds, or a one-line ConfigError. */
export function parseThresholds(raw: string): Thresholds {
  const out: Record<string, number> = { ...DEFAULT_THRESHOLDS };
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = Number(eq === -1 ? NaN : part.slice(eq + 1));
    if (!(name in DEFAULT_THRESHOLDS)) {
      throw new ConfigError(`--doctor.thresholds: unknown threshold "${name}"; known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`);
    }
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`--doctor.thresholds: ${name} needs a non-negative number (got "${part}")`);
    out[name] = value;
  }
  return Object.freeze(out) as Thresholds;
}

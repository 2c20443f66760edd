/**
 * Pure helpers over a CONFIG GET reply. Only allow-listed, non-secret keys are kept for reading
 * (see CONFIG_KEYS); the full list for --include-config-metrics never keeps a secret setting.
 */

/** The CONFIG keys redis-vitals reads. None of them is a secret. */
export const CONFIG_KEYS = [
  'maxmemory',
  'maxmemory-policy',
  'maxclients',
  'io-threads',
  'databases',
  'client-output-buffer-limit',
  'appendonly',
  'appendfsync',
  'save',
  'stop-writes-on-bgsave-error',
  'auto-aof-rewrite-percentage',
  'auto-aof-rewrite-min-size',
  'no-appendfsync-on-rewrite',
  'aof-use-rdb-preamble',
  'repl-backlog-size',
  'repl-backlog-ttl',
  'repl-timeout',
  'activedefrag',
  'latency-monitor-threshold',
  'dir',
  'dbfilename',
  'appendfilename',
  'appenddirname',
  'logfile',
] as const;

/**
 * Also asked for, but only whether it is set is kept (config-not-persisted compares presence):
 * the value is dropped where the reply is read and never stored.
 */
export const PRESENCE_ONLY_KEYS = ['requirepass'] as const;

const ALLOWED = new Set<string>(CONFIG_KEYS);

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1e6,
  mb: 1024 ** 2,
  g: 1e9,
  gb: 1024 ** 3,
};

/** Redis memory notation ("64mb", "1gb", "100") → bytes; undefined when it is not one. */
export function parseMemory(raw: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)([a-z]*)$/i.exec(raw.trim());
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

export interface SavePoint {
  readonly seconds: number;
  readonly changes: number;
}

/** `save` as CONFIG GET returns it: "3600 1 300 100" → pairs; "" → none (RDB snapshots off). */
export function parseSavePoints(raw: string): SavePoint[] | undefined {
  const parts = raw
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length % 2 !== 0) return undefined;
  const out: SavePoint[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const seconds = Number(parts[i]);
    const changes = Number(parts[i + 1]);
    if (!Number.isFinite(seconds) || !Number.isFinite(changes)) return undefined;
    out.push({ seconds, changes });
  }
  return out;
}

export interface OutputBufferLimit {
  readonly clientClass: string;
  readonly hardBytes: number;
  readonly softBytes: number;
  readonly softSeconds: number;
}

/** "normal 0 0 0 slave 268435456 67108864 60 pubsub …" → one entry per class. */
export function parseOutputBufferLimits(raw: string): OutputBufferLimit[] | undefined {
  const parts = raw
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length === 0 || parts.length % 4 !== 0) return undefined;
  const out: OutputBufferLimit[] = [];
  for (let i = 0; i < parts.length; i += 4) {
    const hard = parseMemory(parts[i + 1] ?? '');
    const soft = parseMemory(parts[i + 2] ?? '');
    const secs = Number(parts[i + 3]);
    if (hard === undefined || soft === undefined || !Number.isFinite(secs)) return undefined;
    out.push({ clientClass: parts[i] ?? '', hardBytes: hard, softBytes: soft, softSeconds: secs });
  }
  return out;
}

/**
 * Settings that hold secrets: requirepass, masterauth (the four redis_exporter 1.45 redacts) and
 * any `…-pass` setting (tls-key-file-pass, tls-client-key-file-pass, and later ones).
 */
export function isSecretConfigKey(key: string): boolean {
  return key === 'requirepass' || key === 'masterauth' || key.endsWith('pass');
}

/** A typed, read-only view over the allow-listed part of a CONFIG GET reply. */
export class RedisConfigValues {
  private readonly values: ReadonlyMap<string, string>;
  /**
   * With `exportAll` (--include-config-metrics): every setting in reply order, secrets left out,
   * for redis_config_key_value. Empty otherwise.
   */
  readonly exported: readonly (readonly [string, string])[];
  /** Whether requirepass is set (never its value); undefined when the reply did not include it. */
  readonly requirepassSet: boolean | undefined;

  constructor(pairs: Iterable<[string, string]>, opts: { exportAll?: boolean } = {}) {
    const values = new Map<string, string>();
    const exported: [string, string][] = [];
    let requirepassSet: boolean | undefined;
    for (const [k, v] of pairs) {
      const key = k.toLowerCase();
      if (ALLOWED.has(key)) values.set(key, v);
      else if (key === 'requirepass') requirepassSet = v !== '';
      if (opts.exportAll && !isSecretConfigKey(key)) exported.push([k, v]);
    }
    this.values = values;
    this.exported = exported;
    this.requirepassSet = requirepassSet;
  }

  string(key: string): string | undefined {
    return this.values.get(key);
  }

  number(key: string): number | undefined {
    const raw = this.values.get(key);
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }

  bytes(key: string): number | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : parseMemory(raw);
  }

  /** yes/no → 1/0. */
  flag(key: string): number | undefined {
    const raw = this.values.get(key)?.toLowerCase();
    if (raw === 'yes') return 1;
    if (raw === 'no') return 0;
    return undefined;
  }
}

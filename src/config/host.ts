import { isAbsolute, normalize } from 'node:path';
import { ConfigError } from '../errors.js';
import { isLocalAddress, type RedisAddress } from './address.js';

export type HostCollect = 'auto' | 'on' | 'off';

/**
 * Host collection settings, resolved once. Whether a target gets host metrics is decided per
 * target (hostCollectionFor): with several targets, only the local ones share our host.
 */
export interface HostConfig {
  readonly collect: HostCollect;
  /** Data directory as Redis sees it (overrides CONFIG GET dir for every target); null: from CONFIG. */
  readonly dataDir: string | null;
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
}

const CHOICES: readonly string[] = ['auto', 'on', 'off'];

function absolutePath(flag: string, raw: string): string {
  const text = raw.trim();
  if (text === '' || !isAbsolute(text) || text.includes('\0')) {
    throw new ConfigError(`--${flag}: "${raw}" must be an absolute path (e.g. /host/proc)`);
  }
  // "/host/proc/" and "/host//proc" name the same root; trailing slashes would double in joins.
  const norm = normalize(text);
  return norm.length > 1 ? norm.replace(/\/+$/, '') : norm;
}

/** `raw(name)` returns the flag's value after flags > env > file > default resolution. */
export function resolveHostConfig(raw: (name: string) => string): HostConfig {
  const collect = raw('host.collect').trim().toLowerCase();
  if (!CHOICES.includes(collect)) throw new ConfigError(`--host.collect: "${raw('host.collect')}" is not one of auto, on, off`);
  const dataDirRaw = raw('host.data-dir');
  return {
    collect: collect as HostCollect,
    dataDir: dataDirRaw.trim() === '' ? null : absolutePath('host.data-dir', dataDirRaw),
    procfs: absolutePath('path.procfs', raw('path.procfs')),
    sysfs: absolutePath('path.sysfs', raw('path.sysfs')),
    rootfs: absolutePath('path.rootfs', raw('path.rootfs')),
  };
}

/** The decision for one target: auto means on only for loopback and unix-socket addresses. */
export function hostCollectionFor(host: HostConfig, address: RedisAddress): boolean {
  return host.collect === 'on' || (host.collect === 'auto' && isLocalAddress(address));
}

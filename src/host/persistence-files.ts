import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HostError } from '../errors.js';
import { parseAofManifest, type AofFileType, type AofManifestEntry } from '../parse/aof-manifest.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { ParsedInfo } from '../parse/info.js';
import { hostReadError, isNotFound, readHostFile } from './roots.js';

export interface PersistenceFiles {
  /** undefined: no RDB file (never saved, or RDB off). */
  readonly rdb: { readonly sizeBytes: number; readonly mtimeSeconds: number } | undefined;
  /** Bytes per AOF part; undefined: no AOF on disk. `single` is the one-file AOF of Redis ≤ 6. */
  readonly aof: Readonly<Partial<Record<AofFileType | 'single', number>>> | undefined;
}

/** Redis's defaults, used only when CONFIG is unavailable (with --host.data-dir). */
const DEFAULTS = { dbfilename: 'dump.rdb', appendfilename: 'appendonly.aof', appenddirname: 'appendonlydir' };

function plainName(what: string, name: string): string {
  if (name === '' || name.includes('/') || name === '.' || name === '..') {
    throw new HostError('E_HOST_STATE', `${what} "${name}" is not a plain file name`);
  }
  return name;
}

/** size and mtime, or undefined when the file does not exist (yet, or any more). */
async function statIfExists(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const s = await stat(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw hostReadError(path, err);
  }
}

/** The last parse of each AOF manifest and the stat it was read at. */
const manifests = new Map<string, { readonly key: string; readonly entries: readonly AofManifestEntry[] }>();
/** Bound on remembered manifests (targets come and go under cluster discovery). */
const MANIFESTS_MAX = 4096;

/**
 * The manifest's entries, re-read only when its stat changed: Redis replaces it by rename
 * (a new inode) on every rewrite, so inode, size and mtime tell a new one. A stat is one
 * thread-pool round trip, a read four (open, fstat, read, close). Both stay off the event
 * loop: the data directory may be on a disk or NFS mount that hangs.
 */
async function manifestEntries(path: string): Promise<readonly AofManifestEntry[] | undefined> {
  let st;
  try {
    st = await stat(path, { bigint: true });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw hostReadError(path, err);
  }
  const key = `${st.ino}:${st.size}:${st.mtimeNs}`;
  const known = manifests.get(path);
  if (known?.key === key) return known.entries;
  const text = await readHostFile(path).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (text === undefined) return undefined;
  const entries = parseAofManifest(text);
  if (manifests.size >= MANIFESTS_MAX) manifests.clear();
  manifests.set(path, { key, entries });
  return entries;
}

/**
 * Sizes of the RDB file and the AOF parts in the data directory (`dir` as this process reaches
 * it). Files listed in the AOF manifest but gone are skipped: a rewrite turns incr files into
 * history and deletes them between our read of the manifest and our stat.
 */
export async function readPersistenceFiles(dir: string, config: RedisConfigValues | undefined): Promise<PersistenceFiles> {
  const rdbName = plainName('dbfilename', config?.string('dbfilename') ?? DEFAULTS.dbfilename);
  const aofName = plainName('appendfilename', config?.string('appendfilename') ?? DEFAULTS.appendfilename);
  // Redis 7 reports appenddirname; Redis ≤ 6 has no such key and keeps one AOF file in dir.
  const aofDirRaw = config ? config.string('appenddirname') : DEFAULTS.appenddirname;
  const rdb = await statIfExists(join(dir, rdbName));
  let aof: PersistenceFiles['aof'];
  if (aofDirRaw !== undefined) {
    const aofDir = join(dir, plainName('appenddirname', aofDirRaw));
    const manifestPath = join(aofDir, `${aofName}.manifest`);
    const entries = await manifestEntries(manifestPath);
    if (entries !== undefined) {
      const sums = { base: 0, incr: 0, history: 0 };
      for (const e of entries) sums[e.type] += (await statIfExists(join(aofDir, e.file)))?.size ?? 0;
      aof = sums;
    }
  }
  if (aof === undefined && (aofDirRaw === undefined || !config)) {
    const single = await statIfExists(join(dir, aofName));
    if (single) aof = { single: single.size };
  }
  return { rdb: rdb && { sizeBytes: rdb.size, mtimeSeconds: Math.floor(rdb.mtimeMs / 1000) }, aof };
}

/**
 * INFO fields that move whenever Redis writes, renames or replaces one of these files: a save
 * (rdb_last_save_time, rdb_saves), an AOF write (aof_current_size grows after each write(2)
 * returns, so the file already holds it), a rewrite (aof_rewrites, aof_base_size), a full sync
 * of a replica (master_replid, master_sync_in_progress, loading), a restart (run_id).
 */
const WRITTEN_BY_REDIS = [
  'run_id',
  'loading',
  'rdb_bgsave_in_progress',
  'rdb_last_save_time',
  'rdb_saves',
  'rdb_last_bgsave_status',
  'aof_enabled',
  'aof_rewrite_in_progress',
  'aof_rewrites',
  'aof_last_bgrewrite_status',
  'aof_last_write_status',
  'aof_current_size',
  'aof_base_size',
  'master_replid',
  'master_sync_in_progress',
] as const;

/**
 * What the files' stats depend on as far as Redis can tell: the same stamp in two polls means
 * Redis wrote none of them in between, so the earlier stats still hold. undefined (read again)
 * when this poll has no INFO. Changes by anyone else (a backup restored by hand, a file deleted)
 * are not in it: the caller re-reads at least every --poll.config-interval for those.
 */
export function persistenceStamp(dir: string, info: ParsedInfo, config: RedisConfigValues | undefined): string | undefined {
  if (info.fields.size === 0) return undefined;
  let stamp = `${dir}\n${config?.string('dbfilename')}\n${config?.string('appendfilename')}\n${config?.string('appenddirname')}`;
  for (const f of WRITTEN_BY_REDIS) stamp += `\n${info.fields.get(f) ?? ''}`;
  return stamp;
}

import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Collector, FetchContext } from './types.js';
import { parseRedisConf, type RedisConf } from '../parse/redis-conf.js';
import { underRoot } from '../host/roots.js';

/** A config file larger than this is not read (Redis's own are a few tens of KiB). */
const MAX_CONF_BYTES = 1024 * 1024;

declare module './types.js' {
  interface PollExtras {
    /** The config file Redis was started with (INFO config_file), parsed, when it is local and readable. */
    configFile?: { readonly path: string; readonly conf: RedisConf };
  }
}

/**
 * Reads the target's config file (INFO config_file, resolved under --path.rootfs) so the doctor
 * can tell runtime CONFIG SETs a restart will undo. Re-read at most every `everyMs`.
 */
export function configFileCollector(opts: { readonly rootfs: string; readonly everyMs: number }): Collector {
  let cached: { path: string; conf: RedisConf; atMs: number } | undefined;
  return {
    name: 'config_file',
    needsRedis: true,
    async fetch(ctx: FetchContext) {
      const file = ctx.info.fields.get('config_file');
      if (!file || !isAbsolute(file)) return {};
      const path = underRoot(opts.rootfs, file);
      if (cached?.path !== path || Date.now() - cached.atMs >= opts.everyMs) {
        const fh = await open(path, 'r');
        try {
          const buf = Buffer.alloc(MAX_CONF_BYTES);
          const { bytesRead } = await fh.read(buf, 0, MAX_CONF_BYTES, 0);
          cached = { path, conf: parseRedisConf(buf.subarray(0, bytesRead).toString('utf8')), atMs: Date.now() };
        } finally {
          await fh.close();
        }
      }
      return { configFile: { path: file, conf: cached.conf } };
    },
    // Read for the doctor (config-not-persisted); no series of its own.
    collect() {},
  };
}

import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Collector, FetchContext, PollExtras } from './types.js';
import { parseRedisConf, type RedisConf } from '../parse/redis-conf.js';
import { parseRedisCmdline } from '../parse/redis-cmdline.js';
import { underRoot } from '../host/roots.js';
import { readConfWithIncludes } from './config-includes.js';

declare module './types.js' {
  interface PollExtras {
    /** The config file Redis was started with (INFO config_file), parsed, when it is local and readable. */
    configFile?: ConfigFileReading;
  }
}

export interface ConfigFileReading {
  readonly path: string;
  /** The file, its includes and the command-line settings (when readable), as Redis read them at start. */
  readonly conf: RedisConf;
  /** Every file read: the config file, then its includes. */
  readonly files?: readonly string[];
  /** Includes not followed, with why. */
  readonly unread?: readonly string[];
  /** Setting names given on the command line; undefined when /proc/<pid>/cmdline no longer holds them. */
  readonly commandLine?: readonly string[];
  /** Redis also read settings from its stdin (`redis-server <file> -`): those are unknown here. */
  readonly stdin?: boolean;
}

/**
 * Reads the target's config file (INFO config_file, resolved under --path.rootfs) with its
 * includes, plus the settings on Redis's command line from /proc/<INFO process_id>/cmdline when it
 * still holds them (only with `set-proc-title no`), so the doctor can tell runtime CONFIG SETs a
 * restart will undo. Re-read at most every `everyMs`.
 */
export function configFileCollector(opts: { readonly rootfs: string; readonly procfs?: string; readonly everyMs: number }): Collector {
  let cached: { key: string; reading: ConfigFileReading; atMs: number } | undefined;
  async function readConfigFile(ctx: FetchContext, file: string, pid: string, key: string): Promise<Partial<PollExtras>> {
    const read = await readConfWithIncludes(opts.rootfs, file, ctx.config?.string('dir'));
    const cmdline = opts.procfs && /^\d+$/.test(pid) ? await commandLineOf(opts.procfs, pid) : undefined;
    // Redis appends the command-line settings to the file's text: they win over it.
    const text = cmdline ? `${read.text}\n${cmdline.lines.join('\n')}` : read.text;
    const reading = { path: file, conf: parseRedisConf(text), files: read.files, unread: read.unread, ...(cmdline ? { commandLine: cmdline.names, stdin: cmdline.stdin } : {}) };
    cached = { key, reading, atMs: Date.now() };
    return { configFile: reading };
  }
  return {
    name: 'config_file',
    needsRedis: true,
    // No file, or the one read less than everyMs ago (most polls): nothing to wait for, no promise.
    fetch(ctx: FetchContext) {
      const file = ctx.info.fields.get('config_file');
      if (!file || !isAbsolute(file)) return {};
      const pid = ctx.info.fields.get('process_id') ?? '';
      const key = `${file}\0${pid}`;
      if (cached?.key === key && Date.now() - cached.atMs < opts.everyMs) return { configFile: cached.reading };
      return readConfigFile(ctx, file, pid, key);
    },
    // Read for the doctor (config-not-persisted); no series of its own.
    collect() {},
  };
}

/** The command line of Redis's process, when it is ours (argv[0] names redis-server or valkey-server) and not overwritten by the title. */
async function commandLineOf(procfs: string, pid: string): Promise<ReturnType<typeof parseRedisCmdline>> {
  const raw = await readFile(underRoot(procfs, `/${pid}/cmdline`), 'utf8').catch(() => undefined);
  if (raw === undefined || !/(redis|valkey)-server/.test(raw.split('\0')[0] ?? '')) return undefined;
  return parseRedisCmdline(raw);
}

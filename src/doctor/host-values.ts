import { posix } from 'node:path';
import { str } from './read.js';
import type { DoctorInput } from './types.js';

/**
 * The values a remedy names, as this exporter knows them for this target: its redis-cli
 * command line, data dir and mount, file names, log and config file. Where a value is not
 * known the text says why (remote Redis, CONFIG unavailable) instead of printing a placeholder.
 */
export interface HostValues {
  /** `redis-cli -h 127.0.0.1 -p 6380` (TLS and socket forms too); never a password. */
  readonly cli: string;
  /** The exporter runs on the Redis host: paths it names can be used here. */
  readonly local: boolean;
  readonly dir: string | undefined;
  /** Mount point of the data dir's filesystem, and its type (tmpfs can be grown with a remount). */
  readonly mountPoint: string | undefined;
  readonly fsType: string | undefined;
  readonly rdbPath: string | undefined;
  /** Where the AOF lives: `dir/appenddirname` on Redis 7, `dir` before. */
  readonly aofDir: string | undefined;
  /** CONFIG GET logfile; '' means Redis logs to stdout. */
  readonly logfile: string | undefined;
  /** INFO config_file; '' means Redis was started without one. */
  readonly configFile: string | undefined;
}

/** The last join of each of the two call sites: dir and file names are the same every poll. */
const lastJoins: { a: string; b: string; out: string }[] = [
  { a: '', b: '', out: '' },
  { a: '', b: '', out: '' },
];

function joinOnce(site: 0 | 1, a: string, b: string): string {
  const last = lastJoins[site]!;
  if (last.a !== a || last.b !== b) lastJoins[site] = { a, b, out: posix.join(a, b) };
  return lastJoins[site]!.out;
}

export function hostValues(input: DoctorInput): HostValues {
  const a = input.address;
  let cli = 'redis-cli';
  if (a?.kind === 'unix') cli = `redis-cli -s ${a.path}`;
  else if (a) cli = `redis-cli -h ${a.host} -p ${a.port}${a.tls ? ' --tls' : ''}`;
  const dir = input.config?.string('dir') || undefined;
  const dbfilename = input.config?.string('dbfilename');
  const appenddir = input.config?.string('appenddirname');
  const dataDir = input.extras.host?.dataDir;
  return {
    cli,
    local: a?.local ?? false,
    dir,
    mountPoint: dataDir?.mountPoint,
    fsType: dataDir?.fsType,
    rdbPath: dir && dbfilename ? joinOnce(0, dir, dbfilename) : undefined,
    aofDir: dir === undefined ? undefined : appenddir ? joinOnce(1, dir, appenddir) : dir,
    logfile: input.config?.string('logfile'),
    configFile: str(input.info, 'config_file'),
  };
}

/** A shell command to run where Redis runs; for a remote Redis, said so. */
export function onRedisHost(v: HostValues, cmd: string): string {
  return v.local ? `\`${cmd}\`` : `\`${cmd}\` on the Redis host`;
}

/** The data dir in words: its path, or why it is unknown. */
export function dirText(v: HostValues): string {
  return v.dir ? `\`${v.dir}\`` : 'the data dir (unknown: CONFIG GET dir is not available)';
}

/** Where to read Redis's log: the file, stdout, or unknown. */
export function logText(v: HostValues): string {
  if (v.logfile === undefined) return 'the Redis log (its path is unknown: CONFIG GET logfile is not available)';
  if (v.logfile === '') return 'the Redis log (Redis logs to stdout: `journalctl` or `docker logs` of the Redis service)';
  return onRedisHost(v, `tail -n 50 ${v.logfile}`);
}

/** How to make a runtime change survive a restart. */
export function persistText(v: HostValues, line: string): string {
  if (v.configFile) return `Make it survive a restart: \`${v.cli} CONFIG REWRITE\` (writes ${v.configFile}), or put \`${line}\` in ${v.configFile}.`;
  if (v.configFile === '') return `Redis was started without a config file, so \`CONFIG REWRITE\` cannot save this: add \`${line}\` to the command line or config that starts it.`;
  return `Make it survive a restart: \`${v.cli} CONFIG REWRITE\`, or \`${line}\` in the config file (unknown: INFO config_file not read).`;
}

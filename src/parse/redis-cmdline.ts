/**
 * Settings given on the redis-server command line, from /proc/<pid>/cmdline (NUL-separated).
 * Redis reads `redis-server [config-file] [--name value …]…` as the file's text followed by one
 * line per `--name` with the words up to the next `--name`, so the result is those lines, in
 * redis.conf form, to append to the file's text.
 *
 * Redis overwrites its argv with its process title (`set-proc-title yes`, the default: "redis-server
 * *:6379"): then the arguments are gone and this returns undefined.
 */
export interface CommandLineConfig {
  /** The config file argument, when one was given. */
  readonly configFile: string | undefined;
  /** One redis.conf line per `--name value…`. */
  readonly lines: readonly string[];
  /** The setting names given, lower case. */
  readonly names: readonly string[];
  /** `-` as the first or last argument: Redis also read settings from its stdin, which nobody can read back. */
  readonly stdin: boolean;
}

function quote(word: string): string {
  if (word !== '' && !/[\s"'\\]/.test(word)) return word;
  return word.includes('"') ? `'${word}'` : `"${word}"`;
}

export function parseRedisCmdline(raw: string): CommandLineConfig | undefined {
  const argv = raw.split('\0');
  // The NUL that ends the last argument.
  if (argv[argv.length - 1] === '') argv.pop();
  if (argv.length === 0) return undefined;
  // The process title ("redis-server *:6379 [cluster]"): one argument with spaces, NUL padding after.
  if (/\s/.test(argv[0] ?? '') && argv.slice(1).every((a) => a === '')) return undefined;
  let i = 1;
  let configFile: string | undefined;
  // As Redis reads it: a first argument not starting with '-' is the config file.
  if (argv[1] !== undefined && !argv[1].startsWith('-')) {
    configFile = argv[1];
    i = 2;
  }
  const stdin = argv.length > 1 && (argv[1] === '-' || argv[argv.length - 1] === '-');
  const lines: string[] = [];
  const names: string[] = [];
  let current: string[] | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-' && (i === 1 || i === argv.length - 1)) continue;
    if (a.startsWith('--') && a.length > 2) {
      if (current) lines.push(current.map(quote).join(' '));
      const name = a.slice(2).toLowerCase();
      names.push(name);
      current = [name];
    } else current?.push(a);
  }
  if (current) lines.push(current.map(quote).join(' '));
  return { configFile, lines, names, stdin };
}

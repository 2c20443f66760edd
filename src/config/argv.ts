import { ConfigError } from '../errors.js';
import { FLAG_BY_NAME } from './flags.js';

export interface ParsedArgv {
  readonly values: ReadonlyMap<string, string>;
  readonly help: boolean;
  readonly version: boolean;
  readonly positionals: readonly string[];
}

const BOOL_WORDS = new Set(['true', 'false', '1', '0', 'yes', 'no']);

/**
 * Tokenises argv the way Go's flag package does (so redis_exporter command lines keep working):
 * `--name=value`, `--name value`, `-name value`, and booleans as `--name` or `--name=false`.
 */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    if (name === 'help' || name === 'h') {
      help = true;
      continue;
    }
    if (name === 'version') {
      version = true;
      continue;
    }
    const spec = FLAG_BY_NAME.get(name);
    if (!spec) throw new ConfigError(`unknown flag --${name}; run with --help for the list`);
    if (spec.kind === 'bool') {
      // Go takes `--flag` or `--flag=false`; a following true/false word is read as the value too,
      // where Go would stop parsing at it (so a unit file written either way keeps working).
      if (inline === undefined && BOOL_WORDS.has(argv[i + 1] ?? '')) values.set(name, argv[++i] as string);
      else values.set(name, inline ?? 'true');
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw new ConfigError(`--${name} needs a value`);
      i++;
    }
    values.set(name, value);
  }
  return { values, help, version, positionals };
}

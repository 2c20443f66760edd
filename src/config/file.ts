import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { FLAG_BY_NAME } from './flags.js';
import { esmRequire } from './load-on-use.js';

/** Loaded on first use: most deployments run on flags alone, and the parser is ~5 MB resident. */
const parseYaml = (text: string): unknown => ((typeof require === 'function' ? require('yaml') : esmRequire('yaml')) as typeof import('yaml')).parse(text);

/** A config file: flag values by flag name, plus the optional `targets:` list (validated elsewhere). */
export interface ConfigFile {
  readonly path: string;
  readonly values: ReadonlyMap<string, string>;
  readonly targets: unknown;
}

const LIST_KEYS = new Set(['doctor.disable']);

/** Flattens `{redis: {addr: x}}` to `redis.addr`, so a file may nest keys or write them dotted. */
function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, string>, path: string): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !FLAG_BY_NAME.has(key)) flatten(v as Record<string, unknown>, key, out, path);
    // A list of check ids reads best as a YAML list; the flag takes them comma-separated.
    else if (Array.isArray(v) && LIST_KEYS.has(key) && v.every((x) => typeof x !== 'object')) out.set(key, v.map(String).join(','));
    else if (typeof v === 'object') throw new ConfigError(`--config.file: ${path}: key "${key}" must be a single value`);
    else out.set(key, String(v));
  }
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`--config.file: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`--config.file: ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { path, values: new Map(), targets: undefined };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`--config.file: ${path} must be a mapping of flag names to values`);
  const { targets, ...rest } = doc as Record<string, unknown>;
  const values = new Map<string, string>();
  flatten(rest, '', values, path);
  for (const key of values.keys()) {
    if (!FLAG_BY_NAME.has(key) || key === 'config.file') throw new ConfigError(`--config.file: ${path}: unknown key "${key}"`);
  }
  return { path, values, targets };
}

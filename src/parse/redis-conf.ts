import { isSecretConfigKey } from './config.js';

/**
 * A redis.conf as Redis reads it, for the settings the doctor compares: one directive per line,
 * arguments split on spaces with "double" and 'single' quotes, the last occurrence wins, except
 * `save` and `client-output-buffer-limit`, which accumulate (and `save ""` resets). `include`
 * lines are listed; the config-file collector splices the included files in before parsing.
 * A secret setting (requirepass, masterauth, *-pass) keeps only whether it is set: SECRET_SET
 * or ''.
 */
export interface RedisConf {
  readonly values: ReadonlyMap<string, string>;
  readonly includes: readonly string[];
}

/** What a set secret reads as: never its value. */
export const SECRET_SET = '(set)';

export function splitArgs(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export function parseRedisConf(text: string): RedisConf {
  const values = new Map<string, string>();
  const includes: string[] = [];
  const saves: string[] = [];
  let sawSave = false;
  const cobl = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name = '', ...args] = splitArgs(line);
    const key = name.toLowerCase();
    if (key === 'include') includes.push(args.join(' '));
    else if (key === 'save') {
      sawSave = true;
      if (args.length === 1 && args[0] === '') saves.length = 0;
      else saves.push(args.join(' '));
    } else if (key === 'client-output-buffer-limit' && args.length === 4) {
      cobl.set(args[0] === 'slave' ? 'replica' : (args[0] ?? ''), args.slice(1).join(' '));
    } else if (isSecretConfigKey(key)) values.set(key, args.join(' ') === '' ? '' : SECRET_SET);
    else values.set(key, args.join(' '));
  }
  if (sawSave) values.set('save', saves.join(' '));
  if (cobl.size > 0) values.set('client-output-buffer-limit', [...cobl].map(([c, v]) => `${c} ${v}`).join(' '));
  return { values, includes };
}

import { HostError } from '../errors.js';

/**
 * Pure parser for the Redis 7 multi-part AOF manifest (`<appendfilename>.manifest` inside
 * `appenddirname`). Each line is key/value pairs, e.g.
 *   file appendonly.aof.1.base.rdb seq 1 type b
 * File names with unusual characters are written quoted, with C-style escapes. Later Redis
 * versions add keys (startoffset, endoffset); unknown keys are ignored, as Redis does.
 */
export type AofFileType = 'base' | 'incr' | 'history';

export interface AofManifestEntry {
  readonly file: string;
  readonly type: AofFileType;
}

const TYPES: Readonly<Record<string, AofFileType>> = { b: 'base', i: 'incr', h: 'history' };
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07', '"': '"', '\\': '\\' };

/**
 * Splits a line the way Redis's sdssplitargs does; undefined on unbalanced quotes. Escapes
 * (\xHH among them) produce bytes, so a quoted UTF-8 name decodes back to the name on disk.
 */
export function splitArgs(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const space = (k: number) => /\s/.test(line[k] as string);
  while (i < line.length) {
    while (i < line.length && space(i)) i++;
    if (i >= line.length) break;
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : undefined;
    if (!quote) {
      const start = i;
      while (i < line.length && !space(i)) i++;
      out.push(line.slice(start, i));
      continue;
    }
    const bytes: number[] = [];
    const text = (t: string) => bytes.push(...Buffer.from(t, 'utf8'));
    for (i++; ;) {
      if (i >= line.length) return undefined;
      const c = line[i] as string;
      if (c === quote) break;
      const hex = quote === '"' ? /^\\x([0-9a-fA-F]{2})/.exec(line.slice(i, i + 4)) : null;
      if (hex) {
        bytes.push(parseInt(hex[1] as string, 16));
        i += 4;
      } else if (c === '\\' && i + 1 < line.length) {
        const n = line[i + 1] as string;
        text(quote === '"' ? (ESCAPES[n] ?? n) : n === "'" ? "'" : `\\${n}`);
        i += 2;
      } else {
        text(c);
        i++;
      }
    }
    i++;
    // A closing quote must end the token.
    if (i < line.length && !space(i)) return undefined;
    out.push(Buffer.from(bytes).toString('utf8'));
  }
  return out;
}

export function parseAofManifest(text: string): AofManifestEntry[] {
  const out: AofManifestEntry[] = [];
  text.split('\n').forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bad = (why: string) => new HostError('E_HOST_STATE', `AOF manifest line ${idx + 1}: ${why}`);
    const args = splitArgs(line);
    if (!args || args.length % 2 !== 0) throw bad('not key/value pairs');
    const kv = new Map<string, string>();
    for (let i = 0; i < args.length; i += 2) kv.set(args[i] as string, args[i + 1] as string);
    const file = kv.get('file');
    // seq orders the files for Redis; sizes do not need it, but a line without one is malformed.
    const seq = Number(kv.get('seq'));
    const type = TYPES[kv.get('type') ?? ''];
    if (!file || !Number.isInteger(seq) || !type) throw bad('needs file, seq and type (b, i or h)');
    // Redis keeps these files inside appenddirname; anything else would make us stat elsewhere.
    if (file.includes('/') || file === '.' || file === '..') throw bad('file name is not a plain name');
    out.push({ file, type });
  });
  return out;
}

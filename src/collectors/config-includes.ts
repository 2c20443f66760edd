import { open, readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { underRoot } from '../host/roots.js';
import { splitArgs } from '../parse/redis-conf.js';

/** Bounds on what one read of a config file and its includes may take. */
export const INCLUDE_LIMITS = { maxBytes: 1024 * 1024, maxFiles: 16, maxDepth: 8 } as const;

export interface ExpandedConf {
  /** The text Redis read: every `include` replaced by the files it names, in order. */
  readonly text: string;
  /** Every file read, the main one first (paths as Redis sees them). */
  readonly files: readonly string[];
  /** Includes not followed, each with why (missing, over a bound, relative to an unknown dir). */
  readonly unread: readonly string[];
}

const GLOB = /[*?[]/;

/** fnmatch-style: `*`, `?` and `[…]` within one path component, as glob(3) matches them. */
function componentMatcher(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Redis 7 expands wildcards in include paths with glob(3): matches in alphabetical order, none is no error. */
async function globPaths(rootfs: string, pattern: string): Promise<string[]> {
  let found = ['/'];
  for (const part of pattern.split('/').filter((p) => p !== '')) {
    const next: string[] = [];
    for (const base of found) {
      if (!GLOB.test(part)) next.push(join(base, part));
      else {
        const m = componentMatcher(part);
        const names = await readdir(underRoot(rootfs, base)).catch(() => [] as string[]);
        next.push(
          ...names
            .filter((n) => m.test(n) && !n.startsWith('.'))
            .sort()
            .map((n) => join(base, n)),
        );
      }
    }
    found = next.slice(0, INCLUDE_LIMITS.maxFiles);
  }
  return found;
}

/**
 * Reads a redis.conf and the files its `include` lines name, as Redis does: in place, recursively,
 * a relative path against Redis's working directory at that point (the last `dir` line before it,
 * else `startDir`), wildcards expanded. Bounded in bytes, files and depth; what is not followed is
 * listed, never thrown.
 */
export async function readConfWithIncludes(rootfs: string, path: string, startDir: string | undefined): Promise<ExpandedConf> {
  const files: string[] = [];
  const unread: string[] = [];
  let bytes = 0;
  let cwd = startDir;

  async function readBounded(file: string): Promise<string> {
    const fh = await open(underRoot(rootfs, file), 'r');
    try {
      const room = INCLUDE_LIMITS.maxBytes - bytes;
      const buf = Buffer.alloc(room);
      const { bytesRead } = await fh.read(buf, 0, room, 0);
      bytes += bytesRead;
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  }

  async function expand(file: string, depth: number): Promise<string> {
    files.push(file);
    const out: string[] = [];
    for (const line of (await readBounded(file)).split('\n')) {
      const [name = '', ...args] = splitArgs(line.trim());
      const key = line.trim().startsWith('#') ? '' : name.toLowerCase();
      if (key === 'dir' && args.length === 1 && args[0]) cwd = isAbsolute(args[0]) ? args[0] : cwd ? resolve(cwd, args[0]) : undefined;
      if (key !== 'include' || args.length !== 1) {
        out.push(line);
        continue;
      }
      const target = args[0] ?? '';
      const abs = isAbsolute(target) ? target : cwd ? resolve(cwd, target) : undefined;
      if (abs === undefined) unread.push(`${target} (relative, and Redis's working directory is unknown)`);
      else if (depth >= INCLUDE_LIMITS.maxDepth) unread.push(`${abs} (more than ${INCLUDE_LIMITS.maxDepth} levels of include)`);
      else {
        for (const p of GLOB.test(abs) ? await globPaths(rootfs, abs) : [abs]) {
          if (files.length >= INCLUDE_LIMITS.maxFiles) unread.push(`${p} (more than ${INCLUDE_LIMITS.maxFiles} files)`);
          else if (bytes >= INCLUDE_LIMITS.maxBytes) unread.push(`${p} (over ${INCLUDE_LIMITS.maxBytes} bytes read)`);
          else {
            try {
              out.push(await expand(p, depth + 1));
            } catch (err) {
              unread.push(`${p} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
            }
          }
        }
      }
    }
    return out.join('\n');
  }

  const text = await expand(path, 0);
  return { text, files, unread };
}

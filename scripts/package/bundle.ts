import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { CLIENT_OWN_COMMANDS } from '../../src/redis/node-redis-trim.js';
import { oneByteSource } from './one-byte-source.js';
import { renamedErrorClasses } from './error-class-names.js';
import { buildLazyPackages, lazyPackages } from './lazy-packages.js';

/**
 * One CommonJS file holding redis-vitals and every runtime dependency: what Node 20's
 * single-executable applications require (no require() of files from the embedded script), and
 * what the npm package's bin and the image run. Dynamic import() of our own modules is inlined,
 * so lazy loading still works. Error classes keep their names (error classification reads
 * constructor names): buildCliScript checks that none was renamed.
 * Packages loaded only on use go in files of their own beside it (lazy-packages.ts).
 */
export async function bundle(root: string, outDir: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'redis-vitals.cjs');
  const inputs = await buildCliScript(root, outDir, outfile, buildStamp(root));
  writeFileSync(join(outDir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(root, inputs));
  return outfile;
}

/**
 * src/cli.ts as one CommonJS script at `outfile`, with the packages loaded on use beside it in
 * `outDir` (lazy-packages.ts): what the bundle and `dist/cli.cjs` (dist-cli.ts) both are. Returns
 * every input file, the lazy packages' included, for the license file.
 */
export async function buildCliScript(root: string, outDir: string, outfile: string, define?: Record<string, string>): Promise<string[]> {
  const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minifySyntax: true, legalComments: 'none', logLevel: 'warning' } as const;
  const result = await build({
    ...options,
    // No keepNames here: its __name() is an Object.defineProperty of `name`, after which V8 keeps
    // the function's properties in a dictionary (~256 bytes a closure, and a runtime call to make
    // it). Every closure a target or a poll creates paid it: 10,875 of them, 2.8 MB, in a
    // 500-target heap (docs/performance.md, "Session 8: a fleet's memory and CPU"). Without it a
    // function is named as JS names it, as under tsc; only a name the bundler had to change to
    // avoid a clash differs, and error classes, which are told apart by name, are checked below.
    keepNames: false,
    entryPoints: [join(root, 'src/cli.ts')],
    outfile,
    metafile: true,
    plugins: [inlineBcryptSource(root), trimNodeRedisCommands(), lazyPackages()],
    ...(define ? { define } : {}),
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  // The cut table must hold: a full one would be ~1 MB more of bundle and ~14 MB more RSS.
  if (Object.keys(result.metafile.inputs).some((f) => f.endsWith('@redis/client/dist/lib/commands/ACL_CAT.js'))) throw new Error('node-redis command table not cut (trimNodeRedisCommands)');
  const text = readFileSync(outfile, 'utf8');
  const renamed = renamedErrorClasses(text);
  if (renamed.length > 0) throw new Error(`error classes renamed by the bundler, so their constructor.name is wrong: ${renamed.join(', ')} (error-class-names.ts)`);
  // Held in memory as one-byte text, not two-byte (one-byte-source.ts).
  writeFileSync(outfile, oneByteSource(text));
  // The lazy packages (Fastify, YAML) keep keepNames: loaded once, and Fastify reads functions' names.
  const lazy = await buildLazyPackages(root, outDir, { ...options, keepNames: true });
  return [...Object.keys(result.metafile.inputs), ...lazy.inputs];
}

/**
 * src/version.ts's BUILD: the commit built and its date, for redis_exporter_build_info's
 * commit_sha and build_date. The date is the commit's (or SOURCE_DATE_EPOCH's, as Debian sets it),
 * not the clock's, so one commit always gives the same bundle. Outside a git checkout both stay
 * empty unless REDIS_VITALS_COMMIT_SHA is set.
 */
export function buildStamp(root: string): Record<string, string> {
  const git = (args: string[]) => {
    const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  };
  const sha = process.env.REDIS_VITALS_COMMIT_SHA ?? git(['rev-parse', 'HEAD']);
  const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? git(['log', '-1', '--format=%ct']));
  const date = process.env.SOURCE_DATE_EPOCH !== undefined || sha !== '' ? isoSeconds(epoch) : '';
  return { __REDIS_VITALS_COMMIT_SHA__: JSON.stringify(sha), __REDIS_VITALS_BUILD_DATE__: JSON.stringify(date) };
}

function isoSeconds(epochSeconds: number): string {
  return Number.isFinite(epochSeconds) && epochSeconds > 0 ? new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z') : '';
}

/**
 * The bcrypt worker reads bcryptjs's UMD build from node_modules at run time
 * (src/http/bcrypt-source.ts); the bundle has no node_modules, so the text goes in at build time.
 */
export function inlineBcryptSource(root: string): Plugin {
  return {
    name: 'inline-bcrypt-source',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]http[\\/]bcrypt-source\.ts$/ }, () => {
        const entry = createRequire(join(root, 'package.json')).resolve('bcryptjs');
        const umd = readFileSync(entry, 'utf8');
        return { contents: `export function bcryptSource() { return ${JSON.stringify(umd)}; }`, loader: 'js' };
      });
    },
  };
}

/**
 * node-redis's command table as src/redis/node-redis-trim.ts cuts it at run time for
 * `node dist/cli.js`: only the commands its client sends itself, so ~420 command modules stay out.
 */
export function trimNodeRedisCommands(): Plugin {
  return {
    name: 'trim-node-redis-commands',
    setup(b) {
      b.onLoad({ filter: /[\\/]@redis[\\/]client[\\/]dist[\\/]lib[\\/]commands[\\/]index\.js$/ }, () => {
        const table = CLIENT_OWN_COMMANDS.map((n) => `${n}: require('./${n}').default`).join(', ');
        return { contents: `'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.NON_STICKY_COMMANDS = {};\nexports.default = { ${table} };\n`, loader: 'js' };
      });
    },
  };
}

/** The license of every package compiled into the bundle, as its own files state it. */
function thirdPartyLicenses(root: string, inputs: readonly string[]): string {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m?.[1]) dirs.add(m[1]);
  }
  const parts: string[] = ['redis-vitals bundles the following packages.\n'];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file && existsSync(join(root, dir, file)) ? readFileSync(join(root, dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see package'}`;
    parts.push(`${'='.repeat(72)}\n${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown'})\n${'='.repeat(72)}\n${text}\n`);
  }
  return parts.join('\n');
}

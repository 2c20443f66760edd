import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { oneByteSource } from './one-byte-source.js';

/**
 * Packages the exporter loads only when used (src/http/app.ts: Fastify, for any route but the
 * metrics path and the probes; src/config: YAML, for a config or web-config file). V8 holds the
 * whole text of a script for the life of the process, and for the bundle that was all 2.85 MB,
 * these ~1.3 MB included, even in an exporter that never loads them. So each is built into a file
 * of its own, `lazy/<name>.cjs` beside the bundle, and read only on first use (docs/performance.md
 * "Session 6: memory"). The single binary carries the same files as SEA assets (sea.ts).
 */
export const LAZY_PACKAGES = ['fastify', 'yaml'] as const;

/** Where a lazy package lives, relative to the bundle; also its SEA asset key. */
export const lazyFile = (name: string): string => `lazy/${name}.cjs`;

/**
 * In the bundle, `require('fastify')` becomes a small loader: from the SEA's assets when running
 * as the single binary (whose embedded script cannot require files), else from the file beside
 * the bundle. node:sea is absent before Node 20.12, hence the try.
 */
export function lazyPackages(): Plugin {
  const names = new Set<string>(LAZY_PACKAGES);
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: /^[a-z]+$/ }, (args) => (names.has(args.path) && args.namespace === 'file' ? { path: args.path, namespace: 'lazy-package' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
        loader: 'js',
        contents: [
          `const file = ${JSON.stringify(lazyFile(args.path))};`,
          `let sea; try { sea = require('node:sea'); } catch {}`,
          `if (sea && sea.isSea()) {`,
          `  const { Module } = require('node:module');`,
          `  const m = new Module(file);`,
          `  m.filename = require('node:path').join(require('node:path').dirname(process.execPath), file);`,
          `  m._compile(sea.getAsset(file, 'utf8'), m.filename);`,
          `  module.exports = m.exports;`,
          `} else module.exports = require(require('node:path').join(__dirname, file));`,
        ].join('\n'),
      }));
    },
  };
}

/** Builds each lazy package into `<outDir>/lazy/<name>.cjs`; returns the files and every input compiled in. */
export async function buildLazyPackages(root: string, outDir: string, options: BuildOptions): Promise<{ files: string[]; inputs: string[] }> {
  mkdirSync(join(outDir, 'lazy'), { recursive: true });
  const files: string[] = [];
  const inputs: string[] = [];
  for (const name of LAZY_PACKAGES) {
    const outfile = join(outDir, lazyFile(name));
    const result = await build({
      ...options,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
      outfile,
      metafile: true,
    });
    if (result.errors.length > 0) throw new Error(`esbuild failed for ${name}: ${result.errors.map((e) => e.text).join('; ')}`);
    writeFileSync(outfile, oneByteSource(readFileSync(outfile, 'utf8')));
    files.push(outfile);
    inputs.push(...Object.keys(result.metafile.inputs));
  }
  return { files, inputs };
}

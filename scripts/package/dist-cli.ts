import { build, type Plugin } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trimNodeRedisCommands } from './bundle.js';
import { oneByteSource } from './one-byte-source.js';

/** Packages `node dist/cli.js` still loads from node_modules, on first use (src/config/load-on-use.ts). */
export const DIST_EXTERNAL = ['fastify', 'yaml', 'bcryptjs'] as const;

/**
 * `npm run build`, after tsc: the CLI as one CommonJS file, `dist/cli.cjs`, built as the bundle is
 * (bundle.ts), and `dist/cli.js` a two-line ES module that requires it. So `node dist/cli.js` (a
 * unit, a hand-made image) runs the same single-file code as the bin, the image and the binary.
 * Through Node's ES-module loader tsc's ~200 modules held ~2.9 MB more of V8's old space than the
 * bundle (module records, sources, part of them two-byte): idle RSS 56.4-56.9 against 54.0-54.3 MB
 * (bench/rss-breakdown.mjs, docs/performance.md "Session 7: memory and the scrape"). CommonJS, not
 * an ES-module bundle: an ES module's imports are all hoisted and run at start, Node's built-ins
 * and Fastify with them; a CommonJS bundle requires each where its module is first used.
 * The rest of dist/ stays tsc's, for tests and benches that import its modules. Packages used only
 * by some exporters stay in node_modules, loaded on first use (src/config/load-on-use.ts). Not
 * stamped with the commit (src/version.ts): that is the bundle's.
 */
export async function buildDistCli(root: string, outDir = join(root, 'dist')): Promise<string> {
  const outfile = join(outDir, 'cli.cjs');
  const result = await build({
    entryPoints: [join(root, 'src/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' }, // meant: see the plugins' comment
    sourcemap: true,
    metafile: true,
    external: [...DIST_EXTERNAL],
    // import.meta is empty in CommonJS: node-redis-trim.ts then finds the table already cut, as in the bundle.
    plugins: [trimNodeRedisCommands(), bcryptSourceFromNodeModules()],
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  if (Object.keys(result.metafile.inputs).some((f) => f.endsWith('@redis/client/dist/lib/commands/ACL_CAT.js'))) throw new Error('node-redis command table not cut (trimNodeRedisCommands)');
  writeFileSync(outfile, oneByteSource(readFileSync(outfile, 'utf8')));
  const entry = join(outDir, 'cli.js');
  writeFileSync(
    entry,
    [
      readFileSync(join(root, 'src/cli.ts'), 'utf8').split('\n')[0], // the shebang
      '// Built by scripts/package/dist-cli.ts: the CLI is one file, cli.cjs beside this one (src/cli.ts is its entry).',
      "import { createRequire } from 'node:module';",
      "createRequire(import.meta.url)('./cli.cjs');",
      '',
    ].join('\n'),
  );
  rmSync(`${entry}.map`, { force: true });
  return outfile;
}

/** src/http/bcrypt-source.ts without import.meta: bcryptjs's text read from node_modules on use, as tsc's build reads it. */
function bcryptSourceFromNodeModules(): Plugin {
  return {
    name: 'bcrypt-source-from-node-modules',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]http[\\/]bcrypt-source\.ts$/ }, () => ({
        contents: "export function bcryptSource() { return require('node:fs').readFileSync(require.resolve('bcryptjs'), 'utf8'); }",
        loader: 'js',
      }));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await buildDistCli(fileURLToPath(new URL('../../', import.meta.url)))}\n`);
}

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliScript } from './bundle.js';

/**
 * `npm run build`, after tsc: the CLI as one CommonJS file, `dist/cli.cjs`, built as the bundle is
 * (bundle.ts: node-redis with its command table cut, bcryptjs's text inlined, Fastify and YAML in
 * `dist/lazy/`, read on first use), and `dist/cli.js` a two-line ES module that requires it. So
 * `node dist/cli.js` (a unit, a hand-made image) runs the same single-file code as the bin, the
 * image and the binary, and needs no node_modules. Through Node's ES-module loader tsc's ~200
 * modules held ~2.9 MB more of V8's old space than the bundle (module records, sources, part of
 * them two-byte): idle RSS 55.2-56.4 against 54.2 MB (docs/performance.md "Session 7: memory and
 * the scrape"). CommonJS, not an ES-module bundle: an ES module's imports are hoisted and run at
 * start, Node's built-ins and Fastify with them; a CommonJS bundle requires each where its module
 * is first used. The rest of dist/ stays tsc's, for tests and benches that import its modules,
 * and tsc's entry is kept as `dist/cli-modules.js`, the CLI through them. Not stamped with the commit (src/version.ts): that is the bundle's.
 */
export async function buildDistCli(root: string, outDir = join(root, 'dist')): Promise<string> {
  const outfile = join(outDir, 'cli.cjs');
  await buildCliScript(root, outDir, outfile);
  const entry = join(outDir, 'cli.js');
  // tsc's entry is kept as cli-modules.js: the same CLI through tsc's modules, for profiles that
  // attribute time by file (a CPU profile of cli.cjs has one file).
  const tscEntry = existsSync(entry) ? readFileSync(entry, 'utf8') : '';
  if (tscEntry.includes("import('./commands/main.js')")) writeFileSync(join(outDir, 'cli-modules.js'), tscEntry.replace(/^\/\/# sourceMappingURL=.*\n?/m, ''));
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
  for (const map of [`${entry}.map`, `${outfile}.map`]) rmSync(map, { force: true }); // tsc's, or an older build's
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await buildDistCli(fileURLToPath(new URL('../../', import.meta.url)))}\n`);
}

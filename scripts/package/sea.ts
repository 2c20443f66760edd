import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { copyInPieces } from './copy-in-pieces.js';
import { LAZY_PACKAGES, lazyFile } from './lazy-packages.js';

/**
 * Node 20's fuse in its binary, which postject flips when it injects the blob. Node prints it
 * in its own docs and postject looks for it; it is not a secret.
 */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/**
 * A single executable: this Node binary with the bundle injected (Node's single-executable
 * applications; postject does the injection, as Node's docs show). The result needs no Node on
 * the machine, only glibc and libstdc++ like Node itself. Node 20 ignores `execArgv` in the SEA
 * config, so the memory flags are set by cli.ts at run time (see there).
 */
export function buildSea(root: string, bundleFile: string, workDir: string, output: string): string {
  // The embedded script is wrapped in a function, where a hashbang line is a syntax error.
  const main = join(workDir, 'sea-main.cjs');
  writeFileSync(main, readFileSync(bundleFile, 'utf8').replace(/^#!.*\n/, ''));
  const blob = join(workDir, 'sea.blob');
  const config = join(workDir, 'sea-config.json');
  // The packages loaded on use (lazy-packages.ts) go in as assets, read by the bundle's loader.
  const assets = Object.fromEntries(LAZY_PACKAGES.map((n) => [lazyFile(n), join(dirname(bundleFile), lazyFile(n))]));
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets }, null, 2));
  run(process.execPath, ['--experimental-sea-config', config], workDir);
  // Node ships with its symbol table; the binary does not need it (and Debian wants it stripped).
  const injected = join(workDir, 'sea-injected');
  run('strip', ['--strip-unneeded', '-o', injected, process.execPath], workDir);
  chmodSync(injected, 0o755);
  run(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), injected, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], workDir);
  // Written again in dpkg's 32 KiB pieces: the binary run from where it was built costs what an
  // installed one does, not ~9 MB more (copy-in-pieces.ts says why).
  copyInPieces(injected, output, 0o755);
  rmSync(injected);
  return output;
}

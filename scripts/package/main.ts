import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.js';
import { buildDeb } from './deb.js';
import { buildSea } from './sea.js';

/**
 * `npm run package [-- --out DIR]`: the bundle, the linux-x64 single binary and the .deb, in
 * DIR (default build/). Each step's output is the next one's input, so all three are the same code.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const at = process.argv.indexOf('--out');
const out = resolve(at >= 0 ? (process.argv[at + 1] ?? 'build') : join(root, 'build'));
if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write(`npm run package builds linux-x64 artifacts from this machine's Node; this is ${process.platform}-${process.arch}\n`);
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const work = join(out, 'work');
mkdirSync(work, { recursive: true });
const bundled = await bundle(root, join(out, 'bundle'));
const binary = buildSea(root, bundled, work, join(out, 'redis-vitals'));
const deb = buildDeb({ root, binary, thirdParty: join(out, 'bundle/THIRD-PARTY-LICENSES.txt'), version, workDir: work, outDir: out });
process.stdout.write(`${bundled}\n${binary}\n${deb}\n`);

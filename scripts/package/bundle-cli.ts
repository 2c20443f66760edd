import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.js';

/** `npm run bundle` (and prepack): the file the npm package's bin, the image and the binary all run. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = await bundle(root, `${root}bundle`);
chmodSync(out, 0o755);
process.stdout.write(`${out}\n`);

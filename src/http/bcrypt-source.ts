import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * bcryptjs as CommonJS source text, for the password-check worker (bcrypt-worker.ts). A worker
 * cannot borrow the main thread's modules; from src/ or dist/ it reads the package's UMD build
 * from node_modules. The bundle has no node_modules, so scripts/package/bundle.ts replaces this
 * module with one that returns the same text, inlined at build time.
 */
export function bcryptSource(): string {
  // require() resolves bcryptjs to its CommonJS (UMD) build, the form a worker can evaluate.
  return readFileSync(createRequire(import.meta.url).resolve('bcryptjs'), 'utf8');
}

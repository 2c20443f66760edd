import { createRequire } from 'node:module';

/**
 * require() from ES-module code, for dependencies loaded on first use. Call sites write
 * `typeof require === 'function' ? require('x') : esmRequire('x')`: the literal require('x') is
 * what esbuild bundles, evaluated only when that line runs; tsc's ES-module output and tsx have
 * no require and take the other branch.
 */
export function esmRequire(id: string): unknown {
  return createRequire(import.meta.url)(id);
}

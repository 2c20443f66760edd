import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';

/**
 * prom-client requires @opentelemetry/api at load time (57 modules, ~3-5 MB of RSS) for one
 * thing: exemplars on process_cpu_seconds_total, read only when `enableExemplars` is set, which
 * the exporter never sets. Before prom-client loads, this puts in Node's module cache
 * (require.cache, public API) a stand-in that says so if it is ever used. The bundle gets the
 * same stand-in at build time (scripts/package/bundle.ts); there this finds no node_modules and
 * does nothing. test/integration/lazy-load.test.ts checks that the real package never loads.
 */
export const OTEL_STAND_IN = `module.exports = new Proxy({}, { get(_t, key) { if (key === '__esModule' || typeof key === 'symbol') return undefined; throw new Error('@opentelemetry/api is not loaded in redis-vitals (no exemplars): ' + String(key)); } });`;

export function standInForOtel(): void {
  let req: NodeJS.Require;
  let path: string;
  try {
    // Resolved from prom-client, the package that asks for it.
    req = createRequire(createRequire(import.meta.url).resolve('prom-client'));
    path = req.resolve('@opentelemetry/api');
  } catch {
    return; // the bundle, or no such package installed: nothing to stand in for
  }
  if (req.cache[path]) return;
  const m = new Module(path);
  m.filename = path;
  m.loaded = true;
  m.paths = [dirname(path)];
  m.exports = new Proxy(
    {},
    {
      get(_t, key) {
        if (key === '__esModule' || typeof key === 'symbol') return undefined;
        throw new Error(`@opentelemetry/api is not loaded in redis-vitals (no exemplars): ${String(key)}`);
      },
    },
  );
  req.cache[path] = m;
}

standInForOtel();

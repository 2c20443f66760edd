import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';

/**
 * The commands node-redis's client itself sends from its command table (client/index.js:
 * `commands_1.default.AUTH` etc.). A test checks this list against node-redis's source.
 */
export const CLIENT_OWN_COMMANDS = ['AUTH', 'CLIENT_SETNAME', 'READONLY'] as const;

/** node-redis's command table module, as the client requires it ("../commands"). */
export const COMMANDS_INDEX = '@redis/client/dist/lib/commands/index.js';

/**
 * node-redis loads its whole command table (about 420 modules) and builds a method per command on
 * every client class: ~14 MB of RSS and 11 MB of heap in a process that only ever calls
 * sendCommand (measured: require + connect + INFO, 65.4 → 51.6 MB RSS, heap 16.9 → 5.9 MB).
 * Before node-redis loads, this puts in Node's module cache (require.cache, public API) a table
 * holding only the commands the client sends itself, so the rest is never read. The bundle gets
 * the same table at build time (scripts/package/bundle.ts); there this finds no node_modules and
 * does nothing. test/integration/lazy-load.test.ts checks that no other command module loads.
 */
export function trimNodeRedisCommands(): void {
  let req: NodeJS.Require;
  let index: string;
  try {
    req = createRequire(import.meta.url);
    index = req.resolve(COMMANDS_INDEX);
  } catch {
    return; // the bundle: no node_modules, and the table is already cut
  }
  if (req.cache[index]) return;
  const table: Record<string, unknown> = {};
  for (const name of CLIENT_OWN_COMMANDS) table[name] = (req(`@redis/client/dist/lib/commands/${name}.js`) as { default: unknown }).default;
  const m = new Module(index);
  m.filename = index;
  m.loaded = true;
  m.paths = [dirname(index)];
  // NON_STICKY_COMMANDS is the client pool's table (createClientPool), which the exporter does not use.
  m.exports = { __esModule: true, default: table, NON_STICKY_COMMANDS: {} };
  req.cache[index] = m;
}

trimNodeRedisCommands();

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CLIENT_OWN_COMMANDS, COMMANDS_INDEX } from '../../src/redis/node-redis-trim.js';

const req = createRequire(import.meta.url);

describe("node-redis's command table, cut to what its client sends itself", () => {
  it('names every command the client takes from the table (a node-redis upgrade that uses another fails here)', () => {
    const dir = req.resolve(COMMANDS_INDEX).replace(/commands[\\/]index\.js$/, '');
    const used = new Set<string>();
    // The modules the exporter loads that read the table by name: the client (pool, multi and legacy mode are not used).
    for (const file of ['client/index.js', 'client/socket.js', 'client/commands-queue.js']) {
      for (const m of readFileSync(`${dir}${file}`, 'utf8').matchAll(/commands_1\.default\.([A-Z_]+)/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...used].sort()).toEqual([...CLIENT_OWN_COMMANDS].sort());
  });

  it("the table in Node's module cache holds those commands, as node-redis exports them", () => {
    const table = (req(COMMANDS_INDEX) as { default: Record<string, { parseCommand?: unknown }> }).default;
    for (const name of CLIENT_OWN_COMMANDS) expect(typeof table[name]?.parseCommand, name).toBe('function');
  });
});

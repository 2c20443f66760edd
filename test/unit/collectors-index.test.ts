import { readdirSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { collectorsFor } from '../../src/collectors/index.js';

/** Adding a collector means one file and one line in the index; this catches a forgotten line. */
describe('collector index', () => {
  it('lists every collector defined under src/collectors', () => {
    const dir = new URL('../../src/collectors/', import.meta.url);
    const defined: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const pattern = /export (?:const (\w+): (?:Host)?Collector\b|function (\w+)\([^)]*\): Collector\b)/g;
      for (const m of text.matchAll(pattern)) defined.push((m[1] ?? m[2]) as string);
    }
    const index = readFileSync(new URL('index.ts', dir), 'utf8');
    expect(defined.length).toBeGreaterThan(20);
    expect(defined.filter((name) => !new RegExp(`\\b${name}\\b`).test(index))).toEqual([]);
  });

  it('has unique collector names, with every optional one on', () => {
    const collectors = collectorsFor({
      host: { roots: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, dataDir: null },
      cluster: { target: 't', refreshMs: 1000, logger: pino({ level: 'silent' }) },
    });
    const names = collectors.map((c) => c.name);
    expect(names).toContain('host_memory');
    expect(names).toContain('cluster_nodes');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('collectors shared across targets', () => {
  it('gives every target the same object for a collector that holds nothing of it (off, or its refusals kept per target)', () => {
    const byName = (cs: readonly { name: string }[]) => new Map(cs.map((c) => [c.name, c]));
    const a = byName(collectorsFor());
    const b = byName(collectorsFor());
    for (const name of ['bigkeys', 'keychecks', 'client_list', 'latency', 'slowlog', 'cluster_info', 'sentinel', 'replica_buffers']) {
      expect(a.get(name)).toBeDefined();
      expect(a.get(name)).toBe(b.get(name));
    }
    // Collectors with per-target state (refused commands, previous readings) stay per target.
    for (const name of ['bigkeys', 'keychecks', 'client_list']) expect(a.get(name)).not.toHaveProperty('fetch');
    for (const name of ['restarts', 'repl_backlog', 'exporter_compat']) expect(a.get(name)).not.toBe(b.get(name));
  });

  it('builds client_list per target, with its fetch, once it is on', () => {
    const on = () => collectorsFor({ clientList: { withPort: true } }).find((c) => c.name === 'client_list');
    expect(on()).toHaveProperty('fetch');
    expect(on()).not.toBe(on());
  });
});

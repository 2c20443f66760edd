import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { maxOpenFiles, statusMemory } from '../../src/exposition/process-metrics.js';
import { parseExposition } from '../helpers/exposition.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The exporter's process and Node.js series were prom-client's default metrics until it was
 * dropped (it was ~10 MB of RSS for them). The fixture is what 0.2.0 served with prom-client
 * 15.1.3 (compat on, after a garbage collection): names, types, HELP, label names, order and
 * layout must stay as they were, so dashboards and alerts written against them keep working.
 */
const fixture = readFileSync(new URL('../fixtures/self/prom-client-15.1.3.prom', import.meta.url), 'utf8');
const headers = (text: string) => text.split('\n').filter((l) => l.startsWith('# '));
/** Label names of the first series of each metric name (with suffix), e.g. `nodejs_gc_duration_seconds_bucket` → le,kind. */
function labelNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? /.exec(line);
    if (m?.[1] && !out.has(m[1])) out.set(m[1], [...(m[2] ?? '').matchAll(/([a-z_]+)="/g)].map((x) => x[1]).join(','));
  }
  return out;
}

async function rendered(opts?: ConstructorParameters<typeof SelfMetrics>[0]): Promise<string> {
  const self = new SelfMetrics(opts);
  try {
    return await self.render();
  } finally {
    self.stop();
  }
}

describe('the exporter’s own series without prom-client', () => {
  it('keeps prom-client’s families: the same HELP and TYPE lines in the same order, a blank line between families', async () => {
    const text = await rendered({ defaultMetrics: true, compat: true });
    expect(headers(text)).toEqual(headers(fixture));
    // Each family is one block; a block is HELP, TYPE and its series (none for a labelled gauge with nothing to count).
    const blocks = text.slice(0, -1).split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(headers(fixture).filter((h) => h.startsWith('# HELP')));
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });

  it('labels the series as prom-client did', async () => {
    const theirs = labelNames(fixture);
    const ours = labelNames(await rendered({ defaultMetrics: true, compat: true }));
    for (const [name, labels] of ours) if (theirs.has(name)) expect(labels, name).toBe(theirs.get(name));
    // Every series name prom-client served that always has a series is served here too.
    for (const name of ['process_cpu_seconds_total', 'process_open_fds', 'nodejs_heap_space_size_used_bytes', 'nodejs_version_info', 'process_virtual_memory_max_bytes'])
      expect(ours.has(name), name).toBe(true);
  });

  it('reads the process: CPU, memory, descriptors, handles and heap spaces', async () => {
    const cpuBefore = process.cpuUsage();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const m = parseExposition(await rendered());
      expect(m.get('process_cpu_seconds_total')).toBeGreaterThanOrEqual((cpuBefore.user + cpuBefore.system) / 1e6);
      expect(m.get('process_cpu_seconds_total')).toBeCloseTo((m.get('process_cpu_user_seconds_total') ?? 0) + (m.get('process_cpu_system_seconds_total') ?? 0), 5);
      const rss = statusMemory(readFileSync('/proc/self/status', 'utf8')).rss ?? 0;
      expect(m.get('process_resident_memory_bytes')).toBeGreaterThan(rss * 0.8);
      expect(m.get('process_resident_memory_bytes')).toBeLessThan(rss * 1.25);
      expect(m.get('process_virtual_memory_bytes')).toBeGreaterThan(m.get('process_resident_memory_bytes') ?? Infinity);
      expect(m.get('process_open_fds')).toBeGreaterThanOrEqual(readdirSync('/proc/self/fd').length - 3);
      expect(m.get('process_max_fds')).toBe(maxOpenFiles());
      // The listening server is a libuv handle of class Server.
      expect(m.get('nodejs_active_handles', { type: 'Server' })).toBeGreaterThanOrEqual(1);
      expect(m.get('nodejs_active_handles_total')).toBeGreaterThanOrEqual(1);
      expect(m.get('nodejs_active_resources', { type: 'TCPServerWrap' })).toBeGreaterThanOrEqual(1);
      expect(m.get('nodejs_heap_space_size_used_bytes', { space: 'old' })).toBeGreaterThan(0);
      expect(m.get('nodejs_heap_size_used_bytes')).toBeLessThanOrEqual(m.get('nodejs_heap_size_total_bytes') ?? 0);
      const [major, minor, patch] = process.version.slice(1).split('.');
      expect(m.get('nodejs_version_info', { version: process.version, major: major ?? '', minor: minor ?? '', patch: patch ?? '' })).toBe(1);
      expect(m.get('process_start_time_seconds')).toBeCloseTo(Date.now() / 1000 - process.uptime(), -1);
    } finally {
      server.close();
    }
  });

  it('counts garbage collections by kind in cumulative buckets', async () => {
    const self = new SelfMetrics();
    try {
      let keep: unknown[] = [];
      const m = await waitFor(
        async () => {
          // Young-generation garbage until V8 collects and the observer reports it.
          keep = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `x${i}` }));
          return parseExposition(await self.render());
        },
        (x) => (x.get('nodejs_gc_duration_seconds_count') ?? 0) > 0,
        { what: 'a garbage collection', intervalMs: 10 },
      );
      expect(keep.length).toBe(20_000);
      for (const { labels, value: count } of m.all('nodejs_gc_duration_seconds_count')) {
        const buckets = m.all('nodejs_gc_duration_seconds_bucket').filter((b) => b.labels.kind === labels.kind);
        expect(buckets.map((b) => b.labels.le)).toEqual(['0.001', '0.01', '0.1', '1', '2', '5', '+Inf']);
        expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
        expect(buckets.at(-1)?.value).toBe(count);
        expect(m.get('nodejs_gc_duration_seconds_sum', { kind: labels.kind ?? '' })).toBeGreaterThan(0);
      }
    } finally {
      self.stop();
    }
  });

  it('renames the redis_exporter compat names under --namespace and counts refused /scrape requests', async () => {
    const self = new SelfMetrics({ defaultMetrics: false, compat: true, namespace: 'kv' });
    self.scrapeRequestErrors?.inc();
    self.scrapeRequestErrors?.inc();
    const m = parseExposition(await self.render());
    expect(m.get('kv_target_scrape_request_errors_total')).toBe(2);
    expect(m.get('kv_exporter_build_info')).toBe(1);
    expect([...m.names()].filter((n) => n.startsWith('process_') || n.startsWith('nodejs_'))).toEqual([]);
  });
});

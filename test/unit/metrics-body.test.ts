import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isParts, MetricsBody } from '../../src/http/metrics-body.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { renderSelf } from '../../src/exposition/self-text.js';
import { emptySnapshot, type Snapshot } from '../../src/poll/snapshot.js';

async function read(b: Buffer | Readable): Promise<string> {
  if (Buffer.isBuffer(b)) return b.toString();
  const parts: Buffer[] = [];
  for await (const c of b) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

/** A poller stand-in is just "something with a current snapshot"; the real SelfMetrics renders. */
function setup(keepMaxBytes?: number) {
  const self = new SelfMetrics();
  const source = { snapshot: { ...emptySnapshot('t'), text: 'redis_up 1\n' } as Snapshot };
  let clock = 0;
  const body = new MetricsBody(
    { snapshots: () => [source.snapshot], body: () => ({ approxBytes: source.snapshot.text.length, chunks: [source.snapshot.text] }) },
    self,
    1000,
    () => clock,
    keepMaxBytes,
  );
  let renders = 0;
  const render = self.render.bind(self);
  self.render = () => {
    renders++;
    return render();
  };
  return { self, source, body, renders: () => renders, advance: (ms: number) => (clock += ms) };
}

describe('/metrics body cache', () => {
  it("serves the targets' text followed by the process-wide self-metrics, and reuses the encoded body", async () => {
    const { body } = setup();
    const first = await body.get();
    expect(await read(first)).toMatch(/^redis_up 1\n# HELP /);
    expect(await read(first)).toContain('process_resident_memory_bytes');
    expect(await body.get()).toBe(first);
  });

  it('renders the process-wide self-metrics at most once per max-age', async () => {
    const { body, source, renders, advance } = setup();
    await body.get();
    source.snapshot = { ...source.snapshot, text: 'redis_up 0\n' };
    advance(999);
    await body.get();
    expect(renders()).toBe(1);
    advance(1);
    await body.get();
    expect(renders()).toBe(2);
  });

  it('shows a swapped snapshot at once', async () => {
    const { source, body } = setup();
    await body.get();
    source.snapshot = { ...source.snapshot, text: 'redis_up 0\n' };
    expect(await read(await body.get())).toMatch(/^redis_up 0\n/);
  });

  it('streams a body above the size limit, with the same content, and keeps none', async () => {
    const { body } = setup(5);
    const streamed = await body.get();
    expect(Buffer.isBuffer(streamed)).toBe(false);
    const text = await read(streamed);
    expect(text).toMatch(/^redis_up 1\n# HELP /);
    expect(text).toContain('process_resident_memory_bytes');
    const again = await body.get();
    expect(again).not.toBe(streamed);
    expect(await read(again)).toBe(text); // self-metrics are within their max age: same bytes
  });

  it('hands out the kept body synchronously only while get() would return it unchanged', async () => {
    const { source, body, advance } = setup();
    expect(body.cached()).toBeUndefined();
    const first = await body.get();
    expect(body.cached()).toBe(first);
    advance(999);
    expect(body.cached()).toBe(first);
    source.snapshot = { ...source.snapshot, text: 'redis_up 0\n' };
    expect(body.cached()).toBeUndefined(); // a poll completed: the next scrape must show it
    expect(await read(await body.get())).toMatch(/^redis_up 0\n/);
    expect(body.cached()).toBeDefined();
    advance(1000);
    expect(body.cached()).toBeUndefined(); // self-metrics past their max age
  });

  it("gives the parts without copying the target's Buffer, and get() their join, byte for byte", async () => {
    const self = new SelfMetrics();
    const bytes = Buffer.from('redis_up 1\n# caf\u00e9\n');
    const snapshot = { ...emptySnapshot('t'), text: bytes.toString() } as Snapshot;
    let clock = 0;
    const body = new MetricsBody({ snapshots: () => [snapshot], body: () => ({ approxBytes: bytes.length, chunks: [bytes] }) }, self, 1000, () => clock);
    const got = await body.getParts();
    if (!isParts(got)) throw new Error('expected parts');
    expect(got.parts[0]).toBe(bytes); // the snapshot's own Buffer, not a copy
    expect(got.length).toBe(got.parts.reduce((n, p) => n + p.length, 0));
    const joined = await body.get();
    expect(Buffer.isBuffer(joined) && joined.equals(Buffer.concat(got.parts))).toBe(true);
    expect(body.cached()).toBe(joined); // joined once, then reused
    clock += 1000;
    const again = await body.getParts();
    if (!isParts(again)) throw new Error('expected parts');
    expect(again.parts[0]).toBe(bytes);
    expect(again.parts.at(-1)?.toString()).toMatch(/^# HELP redis_vitals_build_info /);
  });

  it('concurrent scrapes share one self-metrics render', async () => {
    const { body, renders } = setup();
    const bodies = await Promise.all(Array.from({ length: 20 }, () => body.get()));
    expect(renders()).toBe(1);
    expect(new Set(bodies).size).toBe(1);
  });
});

describe('self-metrics text', () => {
  it('spells NaN the way the exposition format does (prom-client wrote "Nan")', () => {
    const text = renderSelf([{ family: { name: 'nan_gauge', type: 'gauge', help: 'h' }, series: [{ value: Number.NaN }] }]);
    expect(text).toBe('# HELP nan_gauge h\n# TYPE nan_gauge gauge\nnan_gauge NaN\n');
  });

  it('holds only process-wide series: no target label anywhere', async () => {
    const text = await new SelfMetrics().render();
    expect(text).toContain('redis_vitals_build_info{');
    expect(text).not.toContain('target=');
  });
});

import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MetricsBody } from '../../src/http/metrics-body.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
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
  const body = new MetricsBody({ snapshots: () => [source.snapshot], body: () => ({ approxBytes: source.snapshot.text.length, chunks: [source.snapshot.text] }) }, self, 1000, () => clock, keepMaxBytes);
  const polls = async () => Number(/^redis_vitals_polls_total\{target="t"\} (\d+)$/m.exec(await read(await body.get()))?.[1] ?? 0);
  return { self, source, body, polls, advance: (ms: number) => (clock += ms) };
}

describe('/metrics body cache', () => {
  it('serves the poll text followed by the self-metrics, and reuses the encoded body', async () => {
    const { body } = setup();
    const first = await body.get();
    expect(await read(first)).toMatch(/^redis_up 1\n# HELP /);
    expect(await read(first)).toContain('process_resident_memory_bytes');
    expect(await body.get()).toBe(first);
  });

  it('keeps self-metrics for max-age while no poll completes', async () => {
    const { self, polls, advance } = setup();
    self.polls.inc({ target: 't' });
    expect(await polls()).toBe(1);
    self.polls.inc({ target: 't' });
    advance(999);
    expect(await polls()).toBe(1);
    advance(1);
    expect(await polls()).toBe(2);
  });

  it('re-renders self-metrics as soon as a poll swapped its snapshot', async () => {
    const { self, source, body, polls } = setup();
    self.polls.inc({ target: 't' });
    expect(await polls()).toBe(1);
    self.polls.inc({ target: 't' });
    source.snapshot = { ...source.snapshot, text: 'redis_up 0\n' };
    expect(await polls()).toBe(2);
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

  it('concurrent scrapes share one self-metrics render', async () => {
    const { self, body } = setup();
    let renders = 0;
    const render = self.render.bind(self);
    self.render = () => {
      renders++;
      return render();
    };
    const bodies = await Promise.all(Array.from({ length: 20 }, () => body.get()));
    expect(renders).toBe(1);
    expect(new Set(bodies).size).toBe(1);
  });
});

describe('self-metrics text', () => {
  it('spells NaN the way the exposition format does (prom-client writes "Nan")', async () => {
    const self = new SelfMetrics({ defaultMetrics: false });
    self.collectorSuccess.set({ target: 't', collector: 'c' }, Number.NaN);
    const text = await self.render();
    expect(text).toContain('redis_vitals_collector_success{target="t",collector="c"} NaN\n');
    expect(text).not.toMatch(/ Nan$/m);
  });
});

describe('self-metrics of a removed target', () => {
  it('forget() removes every series of that target (histogram buckets and all) and keeps the others', async () => {
    const self = new SelfMetrics({ defaultMetrics: false });
    for (const target of ['gone', 'kept']) {
      self.polls.inc({ target });
      self.pollErrors.inc({ target, reason: 'deadline' });
      self.pollErrors.inc({ target, reason: 'auth' });
      self.pollDuration.observe({ target }, 0.02);
      self.lastPoll.set({ target }, 1);
      self.collectorSuccess.set({ target, collector: 'host_memory' }, 1);
    }
    await self.forget('gone');
    const text = await self.render();
    expect(text).not.toContain('target="gone"');
    expect(text.match(/target="kept"/g)?.length).toBeGreaterThan(15);
  });
});

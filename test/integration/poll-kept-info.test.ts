import { getHeapSnapshot, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { AUTO_MIN_MS } from '../../src/config/poll-interval.js';
import { LoopLag } from '../../src/exposition/loop-lag.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import { createPoller } from '../../src/poll/create-poller.js';
import { Limiter } from '../../src/poll/limiter.js';
import { autoSchedule } from '../../src/poll/schedule.js';
import { ScrapeCadence } from '../../src/poll/scrape-cadence.js';
import { startRedis, type RedisHandle } from '../helpers/redis-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Holders outside the poll's state, of r7-emit's render (to be fixed there: they keep label values cut from INFO). */
const NOT_OURS = /^(RenderReuse|LabelSets|LabelPairSets)$/;

/**
 * How many INFO reply texts in this process's heap are held other than through NOT_OURS: a
 * snapshot names each string node by its text (an INFO reply starts so); a text counts when
 * something holds it directly, or holds a slice of it, without one of NOT_OURS within 3 holders.
 */
async function infoTextsInHeap(): Promise<number> {
  gc();
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += String(chunk);
  const snap = JSON.parse(json) as {
    snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { meta } = snap.snapshot;
  const F = meta.node_fields.length;
  const E = meta.edge_fields.length;
  const [ti, ni, ci] = ['type', 'name', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number];
  const [eti, toi] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number];
  const types = meta.node_types[0];
  const holders = new Map<number, number[]>();
  for (let i = 0, e = 0; i < snap.nodes.length; i += F) {
    for (let k = 0; k < (snap.nodes[i + ci] ?? 0); k++, e += E) {
      if (meta.edge_types[0][snap.edges[e + eti] ?? 0] === 'weak') continue;
      const to = snap.edges[e + toi] ?? 0;
      const list = holders.get(to);
      if (list) list.push(i);
      else holders.set(to, [i]);
    }
  }
  const name = (i: number) => snap.strings[snap.nodes[i + ni] ?? 0] ?? '';
  const isString = (i: number) => (types[snap.nodes[i + ti] ?? 0] ?? '').includes('string');
  const explained = (i: number, depth: number): boolean => NOT_OURS.test(name(i)) || (depth > 0 && (holders.get(i) ?? []).some((h) => explained(h, depth - 1)));
  let n = 0;
  for (let i = 0; i < snap.nodes.length; i += F) {
    if (!isString(i) || !name(i).startsWith('# Server\r\nredis_version:')) continue;
    const direct = (holders.get(i) ?? []).filter((h) => !isString(h));
    const viaSlices = (holders.get(i) ?? []).filter(isString).flatMap((s) => holders.get(s) ?? []);
    if ([...direct, ...viaSlices].some((h) => !explained(h, 3))) n++;
  }
  return n;
}

/**
 * Between polls a target keeps only what its next poll needs of INFO: with 500 targets, the 6 KB
 * reply of each, kept alive by any one value sliced out of it (V8 cuts a substring of 13+
 * characters as a slice of its parent), was ~3 MB of heap plus ~2.8 MB of slices and the maps
 * holding them (docs/performance.md, session 7). Wired as serve wires it, the collectors all on,
 * against a real Redis.
 */
describe('what a target holds of INFO between polls', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('a target adds no INFO text to the heap between polls', async () => {
    const config = loadConfig(new Map([['redis.addr', redis.url]]), {});
    const seed = config.targets[0];
    if (!seed) throw new Error('no target in config');
    const shared = { limiter: new Limiter(4), schedule: autoSchedule(new ScrapeCadence()), hostReads: SharedHostReads.forInterval(AUTO_MIN_MS), loopLag: new LoopLag() };
    const make = (name: string) => createPoller({ ...config, multiTarget: true }, { ...seed, name }, pino({ level: 'silent' }), shared);
    // Process-wide caches (label sets interned by value, the last executable's command name) keep
    // a bounded few texts whatever the number of targets: a first target's polls fill them.
    const first = make('first');
    for (let i = 0; i < 3; i++) expect((await first.pollOnce()).up).toBe(true);
    const before = await infoTextsInHeap();
    // The text is in the heap while a reply is held: the check can see it.
    const held = [await redis.info()];
    expect(await infoTextsInHeap()).toBe(before + 1);
    expect(held[0]?.length).toBeGreaterThan(1000);
    held.length = 0;
    // A second target, three polls (state kept from one poll to the next is in place): it holds none.
    const second = make('second');
    for (let i = 0; i < 3; i++) expect((await second.pollOnce()).up).toBe(true);
    expect(await infoTextsInHeap()).toBe(before);
    await first.stop();
    await second.stop();
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
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
const dir = mkdtempSync(join(tmpdir(), 'rv-kept-info-'));

/** Holders outside the poll's state: the render's kept lines and labels (render-repeat), which may keep label values cut from INFO. */
const NOT_OURS = /^(RenderReuse)$/;

/**
 * How many INFO reply texts this process's heap holds other than through NOT_OURS, counted by
 * test/helpers/info-texts-in-snapshot.mjs in a child process: parsed here, the snapshot's own
 * strings (an INFO text among them) and this function's frames would be counted too.
 */
function infoTextsInHeap(): number {
  gc();
  const file = writeHeapSnapshot(join(dir, `heap-${Date.now()}-${Math.random().toString(36).slice(2)}.heapsnapshot`));
  try {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../helpers/info-texts-in-snapshot.mjs', import.meta.url)), file, NOT_OURS.source], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`snapshot count failed: ${r.stderr}`);
    return Number(r.stdout);
  } finally {
    rmSync(file, { force: true });
  }
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
    rmSync(dir, { recursive: true, force: true });
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
    const before = infoTextsInHeap();
    // The text is in the heap while a reply is held: the check can see it.
    const held = [await redis.info()];
    expect(infoTextsInHeap()).toBe(before + 1);
    expect(held[0]?.length).toBeGreaterThan(1000);
    held.length = 0;
    // A second target, three polls (state kept from one poll to the next is in place): it holds none.
    const second = make('second');
    for (let i = 0; i < 3; i++) expect((await second.pollOnce()).up).toBe(true);
    expect(infoTextsInHeap()).toBe(before);
    await first.stop();
    await second.stop();
  }, 60_000);
});

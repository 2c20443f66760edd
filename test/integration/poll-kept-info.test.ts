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

/** The texts of every string in this process's heap that starts an INFO reply. */
async function infoTextsInHeap(): Promise<number> {
  gc();
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += String(chunk);
  // A snapshot names each string node by its text (JSON-escaped): an INFO reply starts so.
  return json.split('# Server\\r\\nredis_version:').length - 1;
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

  it('neither the INFO text nor its parsed fields outlive the poll', async () => {
    const config = loadConfig(new Map([['redis.addr', redis.url]]), {});
    const seed = config.targets[0];
    if (!seed) throw new Error('no target in config');
    const shared = { limiter: new Limiter(4), schedule: autoSchedule(new ScrapeCadence()), hostReads: SharedHostReads.forInterval(AUTO_MIN_MS), loopLag: new LoopLag() };
    const poller = createPoller({ ...config, multiTarget: true }, { ...seed, name: 'kept' }, pino({ level: 'silent' }), shared);
    // Three polls: state kept from one poll to the next (restart, backlog, doctor) is in place.
    for (let i = 0; i < 3; i++) expect((await poller.pollOnce()).up).toBe(true);
    // The text is in the heap while a reply is held: the check can see it.
    const held = [await redis.info()];
    expect(await infoTextsInHeap()).toBeGreaterThanOrEqual(1);
    expect(held[0]?.length).toBeGreaterThan(1000);
    held.length = 0;
    expect(await infoTextsInHeap()).toBe(0);
    await poller.stop();
  }, 60_000);
});

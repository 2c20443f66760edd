import { setFlagsFromString } from 'node:v8';
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
import { TargetSet } from '../../src/targets/target-set.js';
import { startRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A target removed from a fleet (a cluster node gone, a reload) must leave nothing behind: with
 * hundreds of targets, whatever the shared parts (the scrape cadence, the limiter, the host
 * reads, the loop-lag timer wrapper) kept of a removed poller would add up. Wired as serve wires
 * them, against a real Redis.
 */
describe('a removed target', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('releases its poller and its snapshot once removed, while the shared parts live on', async () => {
    const config = loadConfig(new Map([['redis.addr', redis.url]]), {});
    const seed = config.targets[0];
    if (!seed) throw new Error('no target in config');
    const cadence = new ScrapeCadence();
    const schedule = autoSchedule(cadence);
    const shared = { limiter: new Limiter(4), schedule, hostReads: SharedHostReads.forInterval(AUTO_MIN_MS), loopLag: new LoopLag() };
    const targets = new TargetSet((t) => createPoller({ ...config, multiTarget: true }, t, pino({ level: 'silent' }), shared), true);
    const refs: WeakRef<object>[] = [];
    for (const name of ['a', 'b']) targets.add({ ...seed, name });
    // Two scrapes: the cadence learns an interval, so the auto schedule's listeners are in use.
    cadence.scraped();
    cadence.scraped();
    await waitFor(
      () => targets.list().every((e) => e.poller.ready),
      (ok) => ok,
      { timeoutMs: 20_000, what: 'both targets polled' },
    );
    // Only weak references to what target a held: no local of this test may keep it alive.
    const refsOf = (name: string) => {
      const poller = targets.get(name)?.poller;
      if (!poller) throw new Error(`target ${name} missing`);
      expect(poller.snapshot.up).toBe(true);
      return [new WeakRef(poller), new WeakRef(poller.snapshot), new WeakRef(poller.snapshot.families)];
    };
    refs.push(...refsOf('a'));
    await targets.remove('a');
    // The other target keeps polling through the same shared parts.
    const kept = targets.get('b');
    expect(kept?.poller.ready).toBe(true);
    await waitFor(
      async () => {
        await new Promise((r) => setImmediate(r));
        gc();
        return refs.every((r) => r.deref() === undefined);
      },
      (released) => released,
      { timeoutMs: 20_000, what: 'the removed target to be collected' },
    );
    await targets.stopAll();
  });
});

import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisCollectors } from '../../src/collectors/index.js';
import { exporterCompatCollector } from '../../src/collectors/exporter-compat.js';
import { configFileCollector } from '../../src/collectors/config-file.js';
import type { Collector, FetchContext } from '../../src/collectors/types.js';
import { parseInfo } from '../../src/parse/info.js';
import { Deadline, deadlineIn } from '../../src/poll/deadline.js';
import { NO_REDIS, runPoll } from '../../src/poll/run-poll.js';

/**
 * What a poll spends between the replies and the samples, counted (code runs unoptimised, so
 * each promise, reaction and clock reading is paid in full: docs/performance.md "Session 8:
 * replies to samples"). Counts, not times: they do not depend on the machine's load.
 */
afterEach(() => vi.restoreAllMocks());

/** Promises created while `work` runs synchronously (its own and those of what it calls). */
function promisesMadeBy(work: () => void): number {
  let n = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && n++) });
  hook.enable();
  try {
    work();
  } finally {
    hook.disable();
  }
  return n;
}

const INFO = parseInfo(readFileSync(new URL('../fixtures/info/redis-7.4.txt', import.meta.url), 'utf8'));
const logger = pino({ level: 'silent' });
const ctx = (): FetchContext => ({ source: NO_REDIS, info: INFO, infoAtMs: performance.now(), config: undefined, redisUp: true, now: Date.now() / 1000, target: 't', logger });

describe('Deadline.race', () => {
  it('makes two promises a race (its own and one reaction), not Promise.race’s three and an array', async () => {
    const d = deadlineIn(60_000);
    await d.race(Promise.resolve(0)); // arms the timer
    const works = [1, 2, 3, 4, 5].map((v) => Promise.resolve(v));
    const raced: Promise<number>[] = [];
    const made = promisesMadeBy(() => {
      for (const w of works) raced.push(d.race(w));
    });
    expect(await Promise.all(raced)).toEqual([1, 2, 3, 4, 5]);
    expect(made).toBe(2 * works.length);
    d.end();
  });

  it('after the deadline, a race fails, but work already settled still wins (as with Promise.race)', async () => {
    const d = new Deadline(performance.now(), 1);
    await expect(d.race(new Promise(() => undefined))).rejects.toMatchObject({ name: 'DeadlineError' });
    await expect(d.race(Promise.resolve('in'))).resolves.toBe('in');
    await expect(d.race(new Promise(() => undefined))).rejects.toMatchObject({ name: 'DeadlineError' });
    d.end();
  });
});

describe('fetches with nothing to wait for', () => {
  // On a plain Redis (no replicas, no cluster, not a Sentinel, no config file) these collectors
  // fetch from INFO or memory only: their fields come back at once, not in a promise.
  const ready = [
    ...redisCollectors().filter((c) => ['replica_buffers', 'repl_backlog', 'cluster_info', 'sentinel', 'restarts'].includes(c.name)),
    configFileCollector({ rootfs: '/', everyMs: 60_000 }),
  ];

  it('return their fields without a promise on a plain Redis', () => {
    expect(ready.map((c) => c.name).sort()).toEqual(['cluster_info', 'config_file', 'repl_backlog', 'replica_buffers', 'restarts', 'sentinel']);
    const c = ctx();
    for (const collector of ready) {
      const got = collector.fetch?.(c);
      expect(got, collector.name).not.toBeInstanceOf(Promise);
    }
    const compat = exporterCompatCollector().fetch?.({ ...c, poll: { startedNs: process.hrtime.bigint(), error: undefined, connectSeconds: 0 } });
    expect(compat).not.toBeInstanceOf(Promise);
    expect(compat).toHaveProperty('poll.polls', 1);
  });

  it('are not raced against the deadline, and their fields reach the collect step', async () => {
    const seen: unknown[] = [];
    const atOnce: Collector = { name: 'at_once', needsRedis: true, fetch: () => ({ replWriteRate: 42 }), collect: ({ extras }) => void seen.push(extras.replWriteRate) };
    const deadline = deadlineIn(60_000);
    const race = vi.spyOn(deadline, 'race');
    const result = await runPoll([atOnce, ...ready], ctx(), deadline, { compat: true });
    deadline.end();
    expect(race).not.toHaveBeenCalled();
    expect(seen).toEqual([42]);
    expect([...result.collectors.values()].every((h) => h.success)).toBe(true);
  });

  it('a fetch that throws at once fails only its own collector', async () => {
    const throwing: Collector = {
      name: 'throws',
      needsRedis: true,
      fetch: () => {
        throw new Error('nope');
      },
      collect: () => undefined,
    };
    const deadline = deadlineIn(60_000);
    const result = await runPoll([throwing, ...ready], ctx(), deadline, { compat: true });
    deadline.end();
    expect(result.collectors.get('throws')).toMatchObject({ success: false, error: 'nope' });
    expect(result.collectors.get('restarts')?.success).toBe(true);
  });
});

describe('runPoll', () => {
  it('reads the clock once a collector in its collect step, not twice (each reading is a call into Node, unoptimised)', async () => {
    const collectors = redisCollectors();
    const c = ctx();
    const deadline = deadlineIn(60_000);
    // A replay fetches nothing: the clock readings are the collect step's (and one of a collector's own).
    const now = vi.spyOn(performance, 'now');
    const result = await runPoll(collectors, c, deadline, { compat: true, replay: {} });
    expect(result.collectors.size).toBe(collectors.length);
    expect(now.mock.calls.length).toBeLessThanOrEqual(collectors.length + 2);
  });
});

import { createRequire } from 'node:module';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LoopLag } from '../../src/exposition/loop-lag.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';

const names = (text: string) => [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('event-loop lag from the poll timers', () => {
  it('starts no event-loop-delay monitor (a 10 ms timer) for the process metrics', () => {
    const perfHooks = createRequire(import.meta.url)('node:perf_hooks') as typeof import('node:perf_hooks');
    const original = perfHooks.monitorEventLoopDelay;
    let monitors = 0;
    perfHooks.monitorEventLoopDelay = (...args) => {
      monitors++;
      return original(...args);
    };
    try {
      void new SelfMetrics();
    } finally {
      perfHooks.monitorEventLoopDelay = original;
    }
    expect(monitors).toBe(0);
  });

  it('serves the same families as prom-client’s default metrics, in the same order', async () => {
    const theirs = new Registry();
    collectDefaultMetrics({ register: theirs });
    const ours = names(await new SelfMetrics().render()).filter((n) => !n?.startsWith('redis_vitals_'));
    expect(ours).toEqual(names(await theirs.metrics()));
  });

  it('reports how late a poll timer fired when the loop was busy at its due time', async () => {
    const lag = new LoopLag();
    const registry = new Registry();
    lag.register(registry);
    await new Promise<void>((resolve) => {
      lag.setTimeout(resolve, 0);
      const until = performance.now() + 60;
      while (performance.now() < until); // the loop is blocked for 60 ms past the timer's due time
    });
    const text = await registry.metrics();
    expect(value(text, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.06);
    expect(value(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0.06);
    // A render without new samples keeps the last window's values rather than reading empty.
    expect(value(await registry.metrics(), 'nodejs_eventloop_lag_max_seconds')).toBe(value(text, 'nodejs_eventloop_lag_max_seconds'));
  });
});

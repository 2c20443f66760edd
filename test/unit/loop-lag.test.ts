import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LoopLag } from '../../src/exposition/loop-lag.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { renderSelf } from '../../src/exposition/self-text.js';

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
      new SelfMetrics().stop();
    } finally {
      perfHooks.monitorEventLoopDelay = original;
    }
    expect(monitors).toBe(0);
  });

  it('reports how late a poll timer fired when the loop was busy at its due time', async () => {
    const lag = new LoopLag();
    await new Promise<void>((resolve) => {
      lag.setTimeout(resolve, 0);
      const until = performance.now() + 60;
      while (performance.now() < until); // the loop is blocked for 60 ms past the timer's due time
    });
    const text = renderSelf(lag.collect());
    expect(value(text, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.06);
    expect(value(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0.06);
    // A render without new samples keeps the last window's values rather than reading empty.
    expect(value(renderSelf(lag.collect()), 'nodejs_eventloop_lag_max_seconds')).toBe(value(text, 'nodejs_eventloop_lag_max_seconds'));
  });
});

import { REDIS_COLLECTORS } from '../collectors/index.js';
import type { Collector, PollInputs } from '../collectors/types.js';
import { dropCompatNames } from '../exposition/compat.js';
import { SampleSink, type Sample } from '../exposition/sample.js';

export interface CollectResult {
  readonly samples: Sample[];
  /** collector name → succeeded (collectors skipped while Redis is down are absent). */
  readonly collectors: Map<string, boolean>;
}

/**
 * Runs the collectors over one poll's inputs: pure apart from the error callback, so golden
 * tests feed it fixtures. One broken collector costs only its own series.
 */
export function collectSamples(
  inputs: PollInputs,
  opts: { compat: boolean; collectors?: readonly Collector[]; onError?: (collector: string, err: unknown) => void },
): CollectResult {
  const sink = new SampleSink();
  sink.gauge('redis_up', '1 if the last poll of Redis succeeded, 0 if not.', inputs.redisUp ? 1 : 0);
  const collectors = new Map<string, boolean>();
  for (const c of opts.collectors ?? REDIS_COLLECTORS) {
    if (!inputs.redisUp && !c.withoutRedis) continue;
    const before = sink.samples.length;
    try {
      c.collect(inputs, sink);
      collectors.set(c.name, true);
    } catch (err) {
      sink.samples.length = before;
      collectors.set(c.name, false);
      opts.onError?.(c.name, err);
    }
  }
  return { samples: opts.compat ? sink.samples : dropCompatNames(sink.samples), collectors };
}

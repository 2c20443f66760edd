import { collectSamples } from '../../src/poll/collect.js';
import { renderSamples } from '../../src/exposition/render.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';

export interface PipelineResult {
  readonly infoBytes: number;
  readonly series: number;
  readonly iterations: number;
  /** Exporter CPU (user + system) for one INFO parse + collectors + render, in milliseconds. */
  readonly cpuMsPerPoll: number;
}

/**
 * The CPU one poll costs the exporter apart from socket I/O: parse a captured INFO ALL, run
 * every collector (CONFIG values included), render the exposition text. Timed with
 * process.cpuUsage over many iterations after a warm-up, so the JIT and GC are in steady state.
 */
export function measurePipeline(infoText: string, configPairs: [string, string][], iterations = 2000): PipelineResult {
  const config = new RedisConfigValues(configPairs);
  const once = () => {
    const info = parseInfo(infoText);
    const { samples } = collectSamples({ info, config, now: Date.now() / 1000, redisUp: true, extras: {} }, { compat: true });
    return renderSamples(samples);
  };
  let text = '';
  for (let i = 0; i < Math.min(200, iterations); i++) text = once();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) text = once();
  const used = process.cpuUsage(before);
  return {
    infoBytes: Buffer.byteLength(infoText),
    series: text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length,
    iterations,
    cpuMsPerPoll: (used.user + used.system) / 1000 / iterations,
  };
}

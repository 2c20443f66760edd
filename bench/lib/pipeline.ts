import { pino } from 'pino';
import { redisCollectors } from '../../src/collectors/index.js';
import { joinFamilies, renderFamilies } from '../../src/exposition/text-format.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { NO_DEADLINE } from '../../src/poll/deadline.js';
import { NO_REDIS, runPoll } from '../../src/poll/run-poll.js';

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
export async function measurePipeline(infoText: string, configPairs: [string, string][], iterations = 2000): Promise<PipelineResult> {
  const config = new RedisConfigValues(configPairs);
  const collectors = redisCollectors();
  const logger = pino({ level: 'silent' });
  // The exporter's own pipeline (runPoll) replaying the captured replies: nothing is fetched.
  const once = async () => {
    const ctx = { source: NO_REDIS, info: parseInfo(infoText), infoAtMs: 0, config, redisUp: true, now: Date.now() / 1000, target: 'bench', logger };
    const { samples } = await runPoll(collectors, ctx, NO_DEADLINE, { compat: true, replay: {} });
    return joinFamilies(renderFamilies(samples));
  };
  let text = '';
  for (let i = 0; i < Math.min(200, iterations); i++) text = await once();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) text = await once();
  const used = process.cpuUsage(before);
  return {
    infoBytes: Buffer.byteLength(infoText),
    series: text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length,
    iterations,
    cpuMsPerPoll: (used.user + used.system) / 1000 / iterations,
  };
}

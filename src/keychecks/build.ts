import type { Config, TargetConfig } from '../config/config.js';
import { keyChecksEnabled } from '../config/key-checks.js';
import type { Logger } from '../log.js';
import { targetSource } from '../redis/target-source.js';
import { KeyChecksJob } from './job.js';

/** A target's key-check job (undefined unless a key list is given), on its own connection. */
export function buildKeyChecksJob(config: Config, target: TargetConfig, logger: Logger): KeyChecksJob | undefined {
  const k = config.keyChecks;
  if (!keyChecksEnabled(k)) return undefined;
  const source = targetSource(config, target, { configCommand: null });
  logger.debug({ target: target.name, intervalMs: k.intervalMs, checkKeys: k.checkKeys.length, singleKeys: k.singleKeys.length, countKeys: k.countKeys.length }, 'key checks enabled');
  return new KeyChecksJob({ source, settings: k, logger, target: target.name, timeoutMs: config.poll.timeoutMs });
}

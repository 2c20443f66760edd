import type { Config, TargetConfig } from '../config/config.js';
import type { Logger } from '../log.js';
import { targetSource } from '../redis/target-source.js';
import { BigKeysJob } from './job.js';

/**
 * A target's big-key job (undefined unless --bigkeys.enabled), on its own connection: to the
 * target's configured replica (`bigkeys-replica` / --bigkeys.replica-addr) when it has one.
 */
export function buildBigKeysJob(config: Config, target: TargetConfig, logger: Logger): BigKeysJob | undefined {
  const b = config.bigkeys;
  if (!b.enabled) return undefined;
  const replica = target.bigkeysReplica;
  const source = targetSource(config, target, { configCommand: null, ...(replica ? { via: replica } : {}) });
  logger.info({ target: target.name, scans: (replica ?? target.address).display, intervalMs: b.intervalMs, cycleKeys: b.cycleKeys, cycleTimeMs: b.cycleTimeMs }, 'big-key scan enabled');
  return new BigKeysJob({ source, settings: b, logger, target: target.name });
}

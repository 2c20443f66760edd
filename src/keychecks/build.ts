import type { Config, TargetConfig } from '../config/config.js';
import { keyChecksEnabled } from '../config/key-checks.js';
import type { Logger } from '../log.js';
import { RedisSource } from '../redis/connection.js';
import { KeyChecksJob } from './job.js';

/** A target's key-check job (undefined unless a key list is given), on its own connection. */
export function buildKeyChecksJob(config: Config, target: TargetConfig, logger: Logger): KeyChecksJob | undefined {
  const k = config.keyChecks;
  if (!keyChecksEnabled(k)) return undefined;
  const source = new RedisSource({
    address: target.address,
    user: target.user,
    password: target.password,
    ...(target.passwordFile ? { passwordFile: target.passwordFile } : {}),
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    callTimeoutMs: config.poll.timeoutMs,
    configCommand: null,
  });
  logger.debug({ target: target.name, intervalMs: k.intervalMs, checkKeys: k.checkKeys.length, singleKeys: k.singleKeys.length, countKeys: k.countKeys.length }, 'key checks enabled');
  return new KeyChecksJob({ source, settings: k, logger, target: target.name, timeoutMs: config.poll.timeoutMs });
}

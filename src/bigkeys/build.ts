import type { Config, TargetConfig } from '../config/config.js';
import type { Logger } from '../log.js';
import { RedisSource } from '../redis/connection.js';
import { BigKeysJob } from './job.js';

/**
 * A target's big-key job (undefined unless --bigkeys.enabled), on its own connection: to the
 * target's configured replica (`bigkeys-replica` / --bigkeys.replica-addr) when it has one.
 */
export function buildBigKeysJob(config: Config, target: TargetConfig, logger: Logger): BigKeysJob | undefined {
  const b = config.bigkeys;
  if (!b.enabled) return undefined;
  const replica = target.bigkeysReplica;
  const source = new RedisSource({
    address: replica ?? target.address,
    // The replica's own credentials when its address carries them, else the target's.
    user: replica?.user || target.user,
    password: replica?.password || target.password,
    ...(!replica?.password && target.passwordFile ? { passwordFile: target.passwordFile } : {}),
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    callTimeoutMs: config.poll.timeoutMs,
    configCommand: null,
  });
  logger.info(
    { target: target.name, scans: (replica ?? target.address).display, intervalMs: b.intervalMs, cycleKeys: b.cycleKeys, cycleTimeMs: b.cycleTimeMs },
    'big-key scan enabled',
  );
  return new BigKeysJob({ source, settings: b, logger, target: target.name });
}

import type { Config, TargetConfig } from '../config/config.js';
import type { RedisAddress } from '../config/address.js';
import { RedisSource } from './connection.js';

export interface TargetSourceOptions {
  /** CONFIG's (possibly renamed) name; null for connections that never send CONFIG (background jobs). */
  readonly configCommand: string | null;
  /** CONFIG GET * for --include-config-metrics. */
  readonly allConfig?: boolean;
  /** Another address for the same data (the big-key job's replica); its own credentials win. */
  readonly via?: RedisAddress;
}

/**
 * One connection to a target with its credentials, TLS and time limits. The poller and each
 * background job open their own, all bounded by --poll.timeout per call.
 */
export function targetSource(config: Config, target: TargetConfig, opts: TargetSourceOptions): RedisSource {
  const via = opts.via;
  return new RedisSource({
    address: via ?? target.address,
    user: via?.user || target.user,
    password: via?.password || target.password,
    ...(!via?.password && target.passwordFile ? { passwordFile: target.passwordFile } : {}),
    tls: target.tls,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    callTimeoutMs: config.poll.timeoutMs,
    configCommand: opts.configCommand,
    ...(opts.allConfig ? { allConfig: true } : {}),
  });
}

/** Errors carry a stable code so callers, tests and logs can tell them apart without string matching. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_CONFIG_FILE'
  | 'E_REDIS_CONNECT'
  | 'E_REDIS_AUTH'
  | 'E_REDIS_TIMEOUT'
  | 'E_REDIS_COMMAND'
  | 'E_REDIS_PROTOCOL'
  | 'E_TLS_FILE'
  | 'E_SECRET_FILE'
  | 'E_POLL_DEADLINE'
  | 'E_HOST_READ'
  | 'E_HOST_STATE';

export class VitalsError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'VitalsError';
  }
}

/** A bad flag, env var or config file entry: reported as one line, exit code 2. */
export class ConfigError extends VitalsError {
  constructor(message: string) {
    super('E_CONFIG', message);
    this.name = 'ConfigError';
  }
}

/**
 * A host input (procfs, sysfs, the data directory) could not be read or made no sense.
 * `E_HOST_READ`: the file system refused (ENOENT, EACCES, …); `E_HOST_STATE`: the content or
 * the situation rules a reading out (unparseable file, Redis process not visible, dir unknown).
 */
export class HostError extends VitalsError {
  /**
   * Why this failure is not worth its own log line: 'redis' = it waits on Redis (CONFIG GET dir),
   * whose outage the poller already logs; 'area' = it follows an earlier area's failure, logged there.
   */
  readonly follows: 'redis' | 'area' | undefined;
  constructor(code: 'E_HOST_READ' | 'E_HOST_STATE', message: string, options?: { cause?: unknown; follows?: 'redis' | 'area' }) {
    super(code, message, options);
    this.name = 'HostError';
    this.follows = options?.follows;
  }
}

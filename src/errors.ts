/**
 * The exporter's own errors carry a stable code, read where they are handled: E_CONFIG → exit
 * code 2 (cli.ts); E_DEADLINE and E_REDIS_COMMAND → a poll error reason
 * (redis/classify-error.ts); E_HOST_READ / E_HOST_STATE → the `code` of the "host area
 * unreadable" log line. Errors from node-redis and the OS keep theirs (ECONNREFUSED, …) and are
 * classified by classifyRedisError, the one place that turns any failure into a reason.
 */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_DEADLINE'
  | 'E_REDIS_COMMAND'
  // Issue 12: an INFO of the wrong type (reason protocol), a TLS file (reason tls), a password
  // file (reason auth), a RedisSource call past its deadline (reason deadline).
  | 'E_REDIS_PROTOCOL'
  | 'E_TLS_FILE'
  | 'E_SECRET_FILE'
  | 'E_REDIS_TIMEOUT'
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

/** A poll (or one collector's fetch) ran past the poll's deadline. */
export class DeadlineError extends VitalsError {
  constructor(timeoutMs: number) {
    super('E_DEADLINE', `poll exceeded its ${timeoutMs}ms deadline`);
    this.name = 'DeadlineError';
  }
}

export function isDeadline(err: unknown): boolean {
  return err instanceof VitalsError && err.code === 'E_DEADLINE';
}

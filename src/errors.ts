/** Errors carry a stable code so callers, tests and logs can tell them apart without string matching. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_CONFIG_FILE'
  | 'E_REDIS_CONNECT'
  | 'E_REDIS_AUTH'
  | 'E_REDIS_TIMEOUT'
  | 'E_REDIS_COMMAND'
  | 'E_POLL_DEADLINE';

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

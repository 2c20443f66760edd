import { scrubSecrets } from '../config/secrets.js';
import { VitalsError } from '../errors.js';

/** Turns client and socket errors into a small set of reasons: a label value and one clear log line. */
export type PollErrorReason = 'connection_refused' | 'dns' | 'timeout' | 'deadline' | 'auth' | 'tls' | 'connection_closed' | 'loading' | 'command' | 'protocol' | 'stale' | 'other';

export interface ClassifiedError {
  readonly reason: PollErrorReason;
  /** Human text; passed through the secret scrubber, so it never contains a known password. */
  readonly message: string;
}

function textOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Every error text that leaves here (for logs, /doctor, /doctor.json, check and doctor output)
 * goes through the same scrubber as the logs: a server can echo a password back (Redis does for
 * an unknown or renamed AUTH: "with args beginning with: '<password>'").
 */
export function classifyRedisError(err: unknown): ClassifiedError {
  const c = classify(err);
  return { reason: c.reason, message: scrubSecrets(c.message) };
}

function classify(err: unknown): ClassifiedError {
  // Our own errors say what they are by code.
  if (err instanceof VitalsError && err.code === 'E_DEADLINE') return { reason: 'deadline', message: err.message };
  if (err instanceof VitalsError && err.code === 'E_REDIS_COMMAND') return { reason: 'command', message: err.message };
  const e = err as { code?: string; name?: string } | undefined;
  const code = e?.code ?? '';
  // node-redis error classes do not set `name`; their constructor names tell them apart.
  const ctor = (err as object | undefined)?.constructor?.name ?? '';
  const name = e?.name && e.name !== 'Error' ? e.name : ctor;
  const msg = textOf(err);
  // Our own checks, before the errno codes: a missing TLS file is ENOENT too, not a missing socket.
  if (code === 'E_TLS_FILE') return { reason: 'tls', message: msg };
  if (code === 'E_SECRET_FILE') return { reason: 'auth', message: msg };
  if (code === 'E_REDIS_PROTOCOL') return { reason: 'protocol', message: msg };
  if (name === 'DeadlineError' || code === 'E_REDIS_TIMEOUT') return { reason: 'deadline', message: msg };
  if (code === 'ECONNREFUSED') return { reason: 'connection_refused', message: 'connection refused: start Redis, or point --redis.addr (REDIS_ADDR) at where it listens' };
  if (code === 'ENOENT') return { reason: 'connection_refused', message: 'unix socket not found' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { reason: 'dns', message: 'host name does not resolve' };
  if (name === 'ConnectionTimeoutError' || code === 'ETIMEDOUT') return { reason: 'timeout', message: 'connection timed out' };
  if (/^(WRONGPASS|NOAUTH)\b|invalid (username-)?password|AUTH.*(without any password|failed)/i.test(msg)) {
    return {
      reason: 'auth',
      message: /^NOAUTH/.test(msg) ? 'authentication required (NOAUTH): set --redis.password or REDIS_PASSWORD' : 'authentication failed (WRONGPASS): check --redis.user and the password',
    };
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|SSL|TLS|EPROTO/i.test(`${code} ${msg}`)) {
    return { reason: 'tls', message: `TLS handshake failed (${code || 'tls error'})` };
  }
  if (/^LOADING\b/.test(msg)) return { reason: 'loading', message: 'Redis is loading its dataset into memory' };
  if (name === 'SocketClosedUnexpectedlyError' || name === 'ClientClosedError' || code === 'ECONNRESET' || code === 'EPIPE') {
    return { reason: 'connection_closed', message: 'connection closed by Redis' };
  }
  if (name === 'ErrorReply' || /^[A-Z]+ /.test(msg)) return { reason: 'command', message: `Redis replied with an error: ${refusalText(msg)}` };
  return { reason: 'other', message: msg.split('\n')[0] ?? 'unknown error' };
}

/**
 * True when Redis refuses a command as such rather than failing it: renamed away or absent
 * (`ERR unknown command`, `ERR unknown subcommand`, managed Redis), denied by ACL (`NOPERM`),
 * or switched off (`… command not allowed`). Retrying such a command on every poll only
 * bumps the server's own error counters.
 */
export function isRefusedCommand(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /^(ERR unknown (sub)?command|NOPERM\b|ERR .*command not allowed|ERR .*\bdisabled\b)/i.test(msg);
}

/**
 * The first line of a refusal, without the arguments Redis echoes back ("with args beginning
 * with: …"): those can hold key names, which must not reach a log line.
 */
export function refusalText(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return msg.replace(/,?\s*with args beginning with:.*$/i, '').slice(0, 200);
}

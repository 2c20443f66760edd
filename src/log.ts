import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { LogFormat, LogLevel } from './config/config.js';

export type { Logger };

/**
 * The forms a secret takes in text: as is, and JSON-escaped once and twice (a log line is JSON,
 * and may carry a JSON document in a field), so a password with `"` or `\` is caught too.
 */
function formsOf(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  // Longest first: the escaped form contains shorter pieces a raw pass would split.
  return [...new Set([twice, once, secret])].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of a known secret; the last guard before a line leaves the process. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 1) continue;
    for (const form of formsOf(s)) out = out.split(form).join('<redacted>');
  }
  return out;
}

/**
 * Every secret this process knows (configured passwords, each password-file read): logs,
 * error texts from Redis and every page pass through scrubSecrets with the same list.
 */
const known = new Set<string>();

export function addSecret(secret: string): void {
  if (secret !== '') known.add(secret);
}

export function scrubSecrets(text: string): string {
  return known.size === 0 ? text : scrub(text, known);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[\w.:/@+-]+$/.test(s) ? s : JSON.stringify(s);
}

/** logfmt-style line for `--log-format txt` (redis_exporter's default look). */
export function toTextLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _host, ...rest } = rec;
  const parts = [`time=${new Date(Number(time)).toISOString()}`, `level=${LEVEL_NAMES[Number(level)] ?? String(level)}`, `msg=${quote(msg ?? '')}`];
  for (const [k, v] of Object.entries(rest)) parts.push(`${k}=${quote(v)}`);
  return `${parts.join(' ')}\n`;
}

export interface LogOptions {
  readonly format: LogFormat;
  readonly level: LogLevel;
  readonly secrets: readonly string[];
  /** Where lines go; stderr by default (stdout stays free for `check` output). */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions): Logger {
  const dest = opts.destination ?? process.stderr;
  for (const s of opts.secrets) addSecret(s);
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = scrubSecrets(chunk.toString('utf8'));
      dest.write(opts.format === 'txt' ? toTextLine(line) : line);
      done();
    },
  });
  return pino(
    {
      level: opts.level,
      base: undefined,
      redact: { paths: ['password', '*.password', 'redis.password', 'headers.authorization'], censor: '<redacted>' },
    },
    stream,
  );
}

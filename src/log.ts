import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { LogFormat, LogLevel } from './config/config.js';
import { addSecret, scrubSecrets } from './config/secrets.js';

export { scrub } from './config/secrets.js';

export type { Logger };

function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[\w.:/@+-]+$/.test(s) ? s : JSON.stringify(s);
}

/** logfmt-style line for `--log-format txt`, the default (redis_exporter's default look). */
export function toTextLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _host, ...rest } = rec;
  const parts = [`time=${String(time)}`, `level=${String(level)}`, `msg=${quote(msg ?? '')}`];
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
      // Words, not pino's numbers, in both formats: `"level":"warn"` is what log shippers and people grep for.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['password', '*.password', 'redis.password', 'headers.authorization'], censor: '<redacted>' },
    },
    stream,
  );
}

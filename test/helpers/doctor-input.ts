import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import type { DoctorInput } from '../../src/doctor/types.js';
import type { PollExtras } from '../../src/collectors/types.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';

/** Builds a doctor input from INFO lines and CONFIG pairs, the way a poll would. */
export function doctorInput(opts: {
  info?: Record<string, string | number>;
  infoText?: string;
  config?: Record<string, string>;
  previous?: Record<string, string | number>;
  previousText?: string;
  previousAgo?: number;
  extras?: PollExtras;
  up?: boolean;
  thresholds?: Partial<DoctorInput['thresholds']>;
}): DoctorInput {
  const text = (fields: Record<string, string | number> = {}, extra = '') =>
    `${Object.entries(fields)
      .map(([k, v]) => `${k}:${v}`)
      .join('\r\n')}\r\n${extra}`;
  const now = 1_800_000_000;
  const up = opts.up ?? true;
  return {
    target: 'redis://test:6379',
    up,
    error: up ? undefined : { reason: 'connection_refused', message: 'connection refused' },
    info: up ? parseInfo(text(opts.info, opts.infoText)) : undefined,
    config: opts.config ? new RedisConfigValues(Object.entries(opts.config)) : undefined,
    extras: opts.extras ?? {},
    previous: opts.previous || opts.previousText ? { info: parseInfo(text(opts.previous, opts.previousText)), polledAt: now - (opts.previousAgo ?? 5) } : undefined,
    now,
    thresholds: { ...DEFAULT_THRESHOLDS, ...opts.thresholds },
  };
}

import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/doctor/index.js';
import { LOG_EVENT_NAMES, type LogEvent } from '../../../src/parse/redis-log.js';
import { doctorInput } from '../../helpers/doctor-input.js';

const rule = RULES.find((r) => r.id === 'redis-unreachable');
const NOW = 1_800_000_000;

function downWithLog(event: LogEvent, agoSeconds: number) {
  const zero = Object.fromEntries(LOG_EVENT_NAMES.map((e) => [e, 0])) as Record<LogEvent, number>;
  const line = { time: '07 Dec 2026 10:00:00.000', text: 'Fatal error loading the DB: Invalid argument. Exiting.', seq: 3, seenAt: NOW - agoSeconds };
  return doctorInput({ up: false, extras: { redisLog: { path: '/srv/redis/redis.log', totals: { ...zero, [event]: 1 }, sinceLastPoll: zero, last: { [event]: line } } } });
}

describe('redis-unreachable quotes why Redis is down', () => {
  it('a load failure read in the last 10 minutes is in the summary, evidence and first remedy step', () => {
    const v = rule?.evaluate(downWithLog('load_failed', 30));
    expect(v?.summary).toContain('Its log says: "Fatal error loading the DB: Invalid argument. Exiting."');
    expect(v?.evidence).toMatchObject({ log_line: 'Fatal error loading the DB: Invalid argument. Exiting.', log_file: '/srv/redis/redis.log' });
    expect(v?.remedy?.[0]).toContain('/srv/redis/redis.log');
  });

  it('an old line, or an event that does not explain a down Redis, is not quoted', () => {
    expect(rule?.evaluate(downWithLog('load_failed', 601))?.evidence.log_line).toBeUndefined();
    expect(rule?.evaluate(downWithLog('evictions' as never, 1))?.evidence.log_line).toBeUndefined();
    expect(rule?.evaluate(downWithLog('fork_failed', 1))?.evidence.log_line).toBeUndefined();
  });
});

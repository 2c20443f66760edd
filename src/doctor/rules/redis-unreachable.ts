import { hostValues } from '../host-values.js';
import { logEvidence } from '../read.js';
import type { DoctorInput, Rule, Verdict } from '../types.js';
import type { LogEvent } from '../../parse/redis-log.js';

/** Lines that explain a Redis that is down: it could not load its data, or ran out of memory. */
const DOWN_EVENTS: readonly LogEvent[] = ['load_failed', 'oom', 'aof_truncated', 'permission_denied'];
const RECENT_SECONDS = 600;

/** The newest such line read in the last 10 minutes (the log is the guide's first place to look). */
function recentLogLine(input: DoctorInput): Record<string, string> {
  const log = input.extras.redisLog;
  const fresh = DOWN_EVENTS.filter((e) => {
    const l = log?.last[e];
    return l !== undefined && input.now - l.seenAt <= RECENT_SECONDS;
  });
  return fresh.length > 0 ? logEvidence(input, fresh) : {};
}

export const redisUnreachable: Rule = {
  id: 'redis-unreachable',
  severity: 'critical',
  title: 'Redis cannot be polled',
  when: 'the last poll failed (connection refused, timeout, auth, TLS, …); quotes the newest `load_failed`, `oom`, `aof_truncated` or `permission_denied` line of the followed log read in the last 10 minutes',
  remedy: [
    "Check that redis-server runs and listens where --redis.addr points: `redis-cli -h <host> -p <port> PING` (the doctor prints this target's) should answer PONG.",
    'On NOAUTH/WRONGPASS set the password with REDIS_PASSWORD or --redis.password-file (and --redis.user for an ACL user).',
    'If Redis is loading its dataset after a restart, wait for `loading:0` in INFO persistence.',
  ],
  evaluate(input): Verdict {
    if (input.up) return { failing: false, summary: 'Redis answered the last poll.', evidence: {} };
    const reason = input.error?.reason ?? 'unknown';
    const v = hostValues(input);
    const quoted = recentLogLine(input);
    return {
      failing: true,
      summary: `Redis did not answer the last poll: ${input.error?.message ?? 'unknown error'}.${quoted.log_line ? ` Its log says: "${quoted.log_line}".` : ''}`,
      evidence: { reason, ...quoted },
      remedy: [
        ...(quoted.log_line
          ? [
              `Start with what the log says (${quoted.log_file}): "${quoted.log_line}". A file Redis cannot load: check it with \`redis-check-rdb\` or \`redis-check-aof\`, keep a copy, then fix or move it.`,
            ]
          : []),
        `Check that redis-server runs and listens there: \`${v.cli} PING\` should answer PONG${v.local ? '' : " (from this exporter's host)"}.`,
        'On NOAUTH/WRONGPASS set the password with REDIS_PASSWORD or --redis.password-file (and --redis.user for an ACL user). After a restart that lost the dataset and its config, "NOAUTH Authentication required" means requirepass came back from the config file.',
        `If Redis is loading its dataset after a restart, wait for \`loading:0\` in \`${v.cli} INFO persistence\`.`,
      ],
    };
  },
};

import { hostValues } from '../host-values.js';
import type { Rule, Verdict } from '../types.js';

export const redisUnreachable: Rule = {
  id: 'redis-unreachable',
  severity: 'critical',
  title: 'Redis cannot be polled',
  when: 'the last poll failed (connection refused, timeout, auth, TLS, …)',
  remedy: [
    'Check that redis-server runs and listens where --redis.addr points: `redis-cli -h <host> -p <port> PING` (the doctor prints this target\'s) should answer PONG.',
    'On NOAUTH/WRONGPASS set the password with REDIS_PASSWORD or --redis.password-file (and --redis.user for an ACL user).',
    'If Redis is loading its dataset after a restart, wait for `loading:0` in INFO persistence.',
  ],
  evaluate(input): Verdict {
    if (input.up) return { failing: false, summary: 'Redis answered the last poll.', evidence: {} };
    const reason = input.error?.reason ?? 'unknown';
    const v = hostValues(input);
    return {
      failing: true,
      summary: `Redis did not answer the last poll: ${input.error?.message ?? 'unknown error'}.`,
      evidence: { reason },
      remedy: [
        `Check that redis-server runs and listens there: \`${v.cli} PING\` should answer PONG${v.local ? '' : ' (from this exporter\'s host)'}.`,
        'On NOAUTH/WRONGPASS set the password with REDIS_PASSWORD or --redis.password-file (and --redis.user for an ACL user). After a restart that lost the dataset and its config, "NOAUTH Authentication required" means requirepass came back from the config file.',
        `If Redis is loading its dataset after a restart, wait for \`loading:0\` in \`${v.cli} INFO persistence\`.`,
      ],
    };
  },
};

import { grewBy, str } from '../read.js';
import { DEFAULT_HOLD_SECONDS } from '../hold.js';
import type { Rule } from '../types.js';

export const evictionsHappening: Rule = {
  id: 'evictions-happening',
  severity: 'info',
  title: 'Keys are being evicted',
  when: '`evicted_keys` grew since the last poll; held for 10 minutes after the last growth so scrapes see it',
  hold: { seconds: DEFAULT_HOLD_SECONDS },
  remedy: [
    'Redis is removing keys to stay under maxmemory ("keys disappearing unexpectedly").',
    'If that is not intended for this data, raise maxmemory or reduce the dataset; check the policy with `redis-cli CONFIG GET maxmemory-policy`.',
  ],
  evaluate(input) {
    const grew = grewBy(input, (i) => Number(i.fields.get('evicted_keys') ?? 0));
    if (grew === undefined) return undefined;
    const policy = str(input.info, 'maxmemory_policy') ?? 'unknown';
    const evidence = { evicted_since_last_poll: grew, maxmemory_policy: policy };
    if (grew === 0) return { failing: false, summary: 'No evictions since the last poll.', evidence };
    return { failing: true, summary: `${grew} keys were evicted since the last poll (policy ${policy}).`, evidence };
  },
};

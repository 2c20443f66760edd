import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const replicaLinkDown: Rule = {
  id: 'replica-link-down',
  severity: 'critical',
  title: 'Replica lost its master',
  when: 'on a replica, `master_link_status:down`',
  remedy: [
    'On the replica: `redis-cli INFO replication` shows master_link_status:down; check the master is up and reachable from here (`redis-cli -h MASTER -p PORT PING`).',
    'If the replica keeps reconnecting, check the master log for "client scheduled to be closed ASAP for overcoming of output buffer limits" and raise `client-output-buffer-limit replica 512mb 128mb 120`.',
    'If the master\'s persistence fails, the replica cannot sync: fix that first.',
  ],
  evaluate(input) {
    if (!input.info) return undefined;
    if (str(input.info, 'role') !== 'slave') return { failing: false, summary: 'Not a replica.', evidence: { role: str(input.info, 'role') ?? 'unknown' } };
    const status = str(input.info, 'master_link_status') ?? 'unknown';
    const master = `${str(input.info, 'master_host') ?? '?'}:${str(input.info, 'master_port') ?? '?'}`;
    const downFor = num(input.info, 'master_link_down_since_seconds');
    const evidence = { master, master_link_status: status, master_link_down_since_seconds: downFor ?? 'n/a' };
    if (status === 'up') return { failing: false, summary: `Link to master ${master} is up.`, evidence };
    return { failing: true, summary: `Link to master ${master} is down${downFor !== undefined && downFor >= 0 ? ` for ${downFor} s` : ''}.`, evidence };
  },
};

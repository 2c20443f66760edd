import { hostValues } from '../host-values.js';
import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const replicaLinkDown: Rule = {
  id: 'replica-link-down',
  severity: 'critical',
  title: 'Replica lost its master',
  when: 'on a replica, `master_link_status:down`',
  remedy: [
    'Check the master (`master_host`/`master_port` in INFO replication) is up and reachable from the replica: `redis-cli -h <master_host> -p <master_port> PING`; if it is down, start it again.',
    'If the replica keeps reconnecting, check the master log for "client scheduled to be closed ASAP for overcoming of output buffer limits" and raise `client-output-buffer-limit replica 512mb 128mb 120`.',
    "If the master's persistence fails, the replica cannot sync: fix that first.",
  ],
  evaluate(input) {
    if (!input.info) return undefined;
    if (str(input.info, 'role') !== 'slave') return { failing: false, summary: 'Not a replica.', evidence: { role: str(input.info, 'role') ?? 'unknown' } };
    const status = str(input.info, 'master_link_status') ?? 'unknown';
    const host = str(input.info, 'master_host');
    const port = str(input.info, 'master_port');
    const master = `${host ?? '?'}:${port ?? '?'}`;
    const downFor = num(input.info, 'master_link_down_since_seconds');
    const evidence = { master, master_link_status: status, master_link_down_since_seconds: downFor ?? 'n/a' };
    if (status === 'up') return { failing: false, summary: `Link to master ${master} is up.`, evidence };
    const v = hostValues(input);
    const masterCli = host && port ? `redis-cli -h ${host} -p ${port}` : undefined;
    return {
      failing: true,
      summary: `Link to master ${master} is down${downFor !== undefined && downFor >= 0 ? ` for ${downFor} s` : ''}.`,
      evidence,
      remedy: [
        masterCli
          ? `Check the master answers from this replica's host: \`${masterCli} PING\`. If it is down, start it again (same host and port, ${master}); the replica reconnects and resyncs by itself.`
          : "The master's address is not in INFO replication: check `replicaof` in the replica's config.",
        `If it answers but the link stays down, read the replica's view in \`${v.cli} INFO replication\` and the master's log for "client scheduled to be closed ASAP for overcoming of output buffer limits"; then raise \`client-output-buffer-limit replica 512mb 128mb 120\` on the master.`,
        "If the master's persistence fails, the replica cannot sync: fix that first.",
      ],
    };
  },
};

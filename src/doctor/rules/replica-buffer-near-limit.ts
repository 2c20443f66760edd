import { parseOutputBufferLimits } from '../../parse/config.js';
import { matchReplicaClients } from '../../collectors/replica-buffers.js';
import { hostValues } from '../host-values.js';
import { fmtBytes, pct, redisMb } from '../read.js';
import type { Rule } from '../types.js';

export const replicaBufferNearLimit: Rule = {
  id: 'replica-buffer-near-limit',
  severity: 'warning',
  title: 'Replica output buffer close to its limit',
  when: "a replica's output buffer (CLIENT LIST omem) exceeds `replica-buffer-ratio` (80%) of the `client-output-buffer-limit replica` hard limit",
  remedy: [
    'When the buffer reaches the limit the master drops the replica ("Client closed connection"), which then needs a full resync.',
    'Raise the limit: `redis-cli CONFIG SET client-output-buffer-limit "replica 512mb 128mb 120"`.',
    'Check the replica keeps up (`redis-cli -h <replica-host> SLOWLOG GET 10`) and batch or pipeline heavy writes.',
  ],
  evaluate(input) {
    const clients = input.extras.replicaClients;
    // No replicas (most polls): no verdict, and the limits are not parsed for nothing.
    if (!input.info || !clients) return undefined;
    const limits = parseOutputBufferLimits(input.config?.string('client-output-buffer-limit') ?? '');
    const hard = limits?.find((l) => l.clientClass === 'slave' || l.clientClass === 'replica')?.hardBytes;
    if (hard === undefined) return undefined;
    if (hard === 0) return { failing: false, summary: 'No hard limit on replica output buffers.', evidence: { hard_limit_bytes: 0 } };
    let worst = { who: '', ip: '', port: '', bytes: 0 };
    for (const [r, c] of matchReplicaClients(input.info.replicas, clients)) {
      const omem = c.omem ?? 0;
      if (omem >= worst.bytes) worst = { who: `${r.ip}:${r.port}`, ip: r.ip, port: String(r.port), bytes: omem };
    }
    const ratio = worst.bytes / hard;
    const evidence = { replica: worst.who || 'none', output_buffer_bytes: worst.bytes, hard_limit_bytes: hard };
    if (ratio <= input.thresholds['replica-buffer-ratio']) return { failing: false, summary: `Largest replica output buffer is ${pct(ratio)} of the hard limit.`, evidence };
    const v = hostValues(input);
    // The guide's rule: room for the observed peak twice over, soft limit a quarter of the hard one.
    const hardNew = Math.max(hard * 2, worst.bytes * 2);
    const soft = limits?.find((l) => l.clientClass === 'slave' || l.clientClass === 'replica');
    return {
      failing: true,
      summary: `Replica ${worst.who} has ${fmtBytes(worst.bytes)} queued, ${pct(ratio)} of the ${fmtBytes(hard)} hard limit: the master will drop it soon.`,
      evidence,
      remedy: [
        'When the buffer reaches the limit the master drops the replica ("Client closed connection"), which then needs a full resync.',
        `Raise the limit (hard now ${fmtBytes(hard)}, peak seen ${fmtBytes(worst.bytes)}): \`${v.cli} CONFIG SET client-output-buffer-limit "replica ${redisMb(hardNew)} ${redisMb(hardNew / 4)} ${Math.max(soft?.softSeconds ?? 60, 120)}"\`.`,
        `Check the replica keeps up (\`redis-cli -h ${worst.ip} -p ${worst.port} SLOWLOG GET 10\`) and batch or pipeline heavy writes.`,
      ],
    };
  },
};

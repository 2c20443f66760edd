import { parseOutputBufferLimits } from '../../parse/config.js';
import { matchReplicaClients } from '../../collectors/replica-buffers.js';
import { fmtBytes, pct } from '../read.js';
import type { Rule } from '../types.js';

export const replicaBufferNearLimit: Rule = {
  id: 'replica-buffer-near-limit',
  severity: 'warning',
  title: 'Replica output buffer close to its limit',
  when: 'a replica\'s output buffer (CLIENT LIST omem) exceeds `replica-buffer-ratio` (80%) of the `client-output-buffer-limit replica` hard limit',
  remedy: [
    'When the buffer reaches the limit the master drops the replica ("Client closed connection"), which then needs a full resync.',
    'Raise the limit: `redis-cli CONFIG SET client-output-buffer-limit "replica 512mb 128mb 120"`.',
    'Check the replica keeps up (`redis-cli -h <replica-host> SLOWLOG GET 10`) and batch or pipeline heavy writes.',
  ],
  evaluate(input) {
    const clients = input.extras.replicaClients;
    const limits = parseOutputBufferLimits(input.config?.string('client-output-buffer-limit') ?? '');
    const hard = limits?.find((l) => l.clientClass === 'slave' || l.clientClass === 'replica')?.hardBytes;
    if (!input.info || !clients || hard === undefined) return undefined;
    if (hard === 0) return { failing: false, summary: 'No hard limit on replica output buffers.', evidence: { hard_limit_bytes: 0 } };
    let worst = { who: '', bytes: 0 };
    for (const [r, c] of matchReplicaClients(input.info.replicas, clients)) {
      const omem = c.omem ?? 0;
      if (omem >= worst.bytes) worst = { who: `${r.ip}:${r.port}`, bytes: omem };
    }
    const ratio = worst.bytes / hard;
    const evidence = { replica: worst.who || 'none', output_buffer_bytes: worst.bytes, hard_limit_bytes: hard };
    if (ratio <= input.thresholds['replica-buffer-ratio']) return { failing: false, summary: `Largest replica output buffer is ${pct(ratio)} of the hard limit.`, evidence };
    return { failing: true, summary: `Replica ${worst.who} has ${fmtBytes(worst.bytes)} queued, ${pct(ratio)} of the ${fmtBytes(hard)} hard limit: the master will drop it soon.`, evidence };
  },
};

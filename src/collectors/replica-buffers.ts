import { parseClientList, type ClientEntry } from '../parse/client-list.js';
import type { ReplicaEntry } from '../parse/info.js';
import { CommandGates } from '../redis/command-gate.js';
import type { Collector, FetchContext, PollExtras } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** CLIENT LIST TYPE replica on a master with replicas; absent otherwise. */
    replicaClients?: readonly ClientEntry[];
  }
}

function groupByIp<T>(items: readonly T[], ipOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(ipOf(item));
    if (list) list.push(item);
    else out.set(ipOf(item), [item]);
  }
  return out;
}

/**
 * Pairs INFO's `slaveN` lines with CLIENT LIST's replica connections. The two share no key:
 * INFO gives the replica's *listening* port (REPLCONF listening-port) and its IP, CLIENT LIST
 * gives the connection's *source* port, which is ephemeral and unrelated. So:
 * 1. Pair by IP. Where one IP has several replicas (several on one host), pair them in list
 *    order: both lists are in the order the replicas attached (Redis appends a replica to its
 *    client list on connect and to its replica list at PSYNC, moments later in the same
 *    handshake; a reconnect moves it to the tail of both). When the counts for an IP differ
 *    (a replica came or went between INFO and CLIENT LIST) that IP is left out this poll.
 * 2. One replica left on each side (replica-announce-ip or NAT makes the IPs differ): pair them.
 * Anything still unmatched gets no series: a missing value beats one put on the wrong replica.
 */
export function matchReplicaClients(replicas: readonly ReplicaEntry[], clients: readonly ClientEntry[]): Map<ReplicaEntry, ClientEntry> {
  const pairs = new Map<ReplicaEntry, ClientEntry>();
  const byIp = groupByIp(clients, (c) => c.ip);
  const leftReplicas: ReplicaEntry[] = [];
  const usedClients = new Set<ClientEntry>();
  for (const [ip, group] of groupByIp(replicas, (r) => r.ip)) {
    const conns = byIp.get(ip);
    if (!conns || conns.length !== group.length) {
      leftReplicas.push(...group);
      continue;
    }
    group.forEach((r, i) => {
      const c = conns[i] as ClientEntry;
      pairs.set(r, c);
      usedClients.add(c);
    });
  }
  const leftClients = clients.filter((c) => !usedClients.has(c));
  const [onlyReplica] = leftReplicas;
  const [onlyClient] = leftClients;
  if (leftReplicas.length === 1 && leftClients.length === 1 && onlyReplica && onlyClient) pairs.set(onlyReplica, onlyClient);
  return pairs;
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'replica_buffers', section: 'replication' },
  {
    replicaOutputBufferBytes: {
      name: 'redis_replica_output_buffer_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['slave_ip', 'slave_port'],
      help: 'Bytes queued for the replica in its output buffer (CLIENT LIST TYPE replica omem); compare with redis_config_client_output_buffer_limit_bytes{class="slave"}.',
      doc: '`CLIENT LIST TYPE replica` `omem` of the replica\'s connection, paired with INFO `slaveN` (labels `slave_ip`, `slave_port` = its listening port); compare with `redis_config_client_output_buffer_limit_bytes{class="slave"}`. Redis 7 counts from the start of the shared replication-buffer block the replica is reading, so a caught-up replica shows some 20 KB, not 0',
    },
  },
);

/**
 * Per replica on a master: bytes queued in its output buffer (CLIENT LIST omem).
 * `CLIENT LIST TYPE replica` (Redis 5+) is sent only when INFO shows connected replicas, so a
 * standalone Redis gets no extra command.
 */
export function replicaBuffersCollector(): Collector {
  return SHARED;
}

// No state of a target but its refusals, kept by the gates per target: one object for every target.
const gate = new CommandGates('CLIENT LIST TYPE replica', 'redis_replica_output_buffer_bytes is off');
const CLIENT_LIST_REPLICAS = ['CLIENT', 'LIST', 'TYPE', 'replica'];
async function fetchReplicaClients(ctx: FetchContext): Promise<Partial<PollExtras>> {
  const runId = ctx.info.fields.get('run_id') ?? '';
  const reply = await gate.run(runId, ctx, () => ctx.source.command(CLIENT_LIST_REPLICAS));
  return reply === undefined ? {} : { replicaClients: parseClientList(String(reply)) };
}

const SHARED: Collector = Object.freeze<Collector>({
  name: 'replica_buffers',
  needsRedis: true,
  commands(ctx) {
    return ctx.info.replicas.length === 0 || gate.refused(ctx.info.fields.get('run_id') ?? '', ctx.source) ? [] : [CLIENT_LIST_REPLICAS];
  },
  fetch(ctx) {
    // No replicas: nothing to ask, and nothing to wait for (no promise).
    return ctx.info.replicas.length === 0 ? {} : fetchReplicaClients(ctx);
  },
  collect({ info, extras }, sink) {
    const clients = extras.replicaClients;
    if (!clients) return;
    for (const [replica, client] of matchReplicaClients(info.replicas, clients)) {
      sink.emit(FAMILIES.replicaOutputBufferBytes, client.omem, { slave_ip: replica.ip, slave_port: replica.port });
    }
  },
});

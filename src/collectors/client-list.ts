import { parseClientDetails, type ClientDetail } from '../parse/client-details.js';
import { CommandGate } from '../redis/command-gate.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** CLIENT LIST, with --export-client-list; absent when off, refused or failed. */
    clientList?: readonly ClientDetail[];
  }
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'client_list', section: 'clients' },
  {
    connectedClientsDetails: {
      name: 'redis_connected_clients_details',
      type: 'gauge',
      layer: 1,
      labels: ['name', 'created_at', 'idle_since', 'flags', 'db', 'omem', 'cmd', 'host', 'port'],
      help: 'Details about connected clients (CLIENT LIST, --export-client-list).',
      doc: '1 per client; labels `name`, `created_at` and `idle_since` (Unix seconds: poll time − `age` / `idle`), `flags`, `db`, `omem`, `cmd`, `host`, and `port` with `--export-client-port`',
    },
  },
);

/**
 * --export-client-list: redis_exporter's redis_connected_clients_details, one series per client
 * with value 1, from one CLIENT LIST per poll (redis_exporter sends it on every scrape; its cost
 * grows with the number of clients, which is why it is off unless asked for). created_at and
 * idle_since are Unix times (poll time minus age / idle); `port` only with --export-client-port.
 * Without `opts` (the flag is off) there is nothing to fetch and no series.
 */
export function clientListCollector(opts?: { readonly withPort: boolean }): Collector {
  // Off (the default): nothing of its target to hold, one object for every target (a fleet's memory).
  if (!opts) return IDLE;
  const gate = new CommandGate('CLIENT LIST', 'redis_connected_clients_details is off');
  return {
    name: 'client_list',
    needsRedis: true,
    commands: (ctx) => (gate.refused(ctx.info.fields.get('run_id') ?? '') ? [] : [CLIENT_LIST]),
    async fetch(ctx) {
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(CLIENT_LIST));
      return reply === undefined ? {} : { clientList: parseClientDetails(String(reply)) };
    },
    collect: opts.withPort ? collectWithPort : collectWithoutPort,
  };
}

function collectDetails(withPort: boolean): Collector['collect'] {
  return ({ extras, now }, sink) => {
    const at = Math.floor(now);
    for (const c of extras.clientList ?? []) {
      const labels: Record<string, string> = {
        name: c.name,
        created_at: String(at - c.age),
        idle_since: String(at - c.idle),
        flags: c.flags,
        db: c.db,
        omem: c.omem,
        cmd: c.cmd,
        host: c.host,
      };
      if (withPort) labels.port = c.port;
      sink.emit(FAMILIES.connectedClientsDetails, 1, labels);
    }
  };
}

const collectWithPort = collectDetails(true);
const collectWithoutPort = collectDetails(false);
const CLIENT_LIST = ['CLIENT', 'LIST'];
const IDLE: Collector = Object.freeze({ name: 'client_list', needsRedis: true, collect: collectWithoutPort });

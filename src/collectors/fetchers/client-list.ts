import type { Fetcher, FetchContext } from '../types.js';
import { parseClientDetails, type ClientDetail } from '../../parse/client-details.js';
import { CommandGate } from '../../redis/command-gate.js';

declare module '../types.js' {
  interface PollExtras {
    /** CLIENT LIST, with --export-client-list; absent when off, refused or failed. */
    clientList?: { readonly clients: readonly ClientDetail[]; readonly withPort: boolean };
  }
}

/**
 * --export-client-list: one CLIENT LIST per poll (redis_exporter sends it on every scrape). Its
 * cost grows with the number of clients, which is why it is off unless asked for. `withPort`
 * (--export-client-port) rides along so the collector knows whether to add the port label.
 */
export function clientListFetcher(opts: { readonly withPort: boolean }): Fetcher {
  const gate = new CommandGate('CLIENT LIST', 'redis_connected_clients_details is off');
  return {
    name: 'client_list',
    async fetch(ctx: FetchContext) {
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['CLIENT', 'LIST']));
      return reply === undefined ? {} : { clientList: { clients: parseClientDetails(String(reply)), withPort: opts.withPort } };
    },
  };
}

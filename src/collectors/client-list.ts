import type { Collector } from './types.js';

/**
 * --export-client-list: redis_exporter's redis_connected_clients_details, one series per client
 * with value 1; created_at and idle_since are Unix times (poll time minus age / idle), `port`
 * only with --export-client-port. Label order and values as in redis_exporter 1.45.
 */
export const clientListCollector: Collector = {
  name: 'client_list',
  collect({ extras, now }, sink) {
    const list = extras.clientList;
    if (!list) return;
    const at = Math.floor(now);
    for (const c of list.clients) {
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
      if (list.withPort) labels.port = c.port;
      sink.gauge('redis_connected_clients_details', 'Details about connected clients (CLIENT LIST, --export-client-list).', 1, labels);
    }
  },
};

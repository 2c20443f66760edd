import { ipOfAddr } from './client-list.js';

/** Pure parser for `CLUSTER NODES`: one node per line, `id ip:port@cport[,hostname] flags master …`. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
  readonly myself: boolean;
}

export function parseClusterNodes(text: string): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const [, addr = '', flagText = ''] = parts;
    // "ip:port@cport" or "ip:port@cport,hostname"; IPv6 hosts contain colons, so split at the last one.
    const hostPort = addr.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    if (colon <= 0) continue;
    const host = ipOfAddr(hostPort);
    const port = Number(hostPort.slice(colon + 1));
    const flags = flagText.split(',');
    if (!Number.isInteger(port) || port <= 0 || port > 65535 || flags.includes('noaddr')) continue;
    nodes.push({ host, port, myself: flags.includes('myself') });
  }
  return nodes;
}

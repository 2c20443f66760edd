import type { RedisAddress } from '../config/address.js';
import type { TargetConfig } from '../config/targets.js';
import type { ClusterNode } from '../parse/cluster-nodes.js';
import type { TargetSet } from './target-set.js';

function nodeTarget(seed: TargetConfig, node: ClusterNode): TargetConfig {
  const hostPart = node.host.includes(':') ? `[${node.host}]` : node.host;
  const scheme = seed.address.tls ? 'rediss' : 'redis';
  const address: RedisAddress = { ...seed.address, kind: 'tcp', host: node.host, port: node.port, path: '', db: 0, display: `${scheme}://${hostPart}:${node.port}` };
  // Nodes of one cluster share the seed's credentials and TLS settings.
  return { ...seed, name: address.display, address, labels: { ...seed.labels } };
}

/** Makes the discovered part of the target set match a seed's CLUSTER NODES: adds new nodes, drops gone ones. */
export async function reconcileCluster(targets: TargetSet, seed: TargetConfig, nodes: readonly ClusterNode[]): Promise<{ added: string[]; removed: string[] }> {
  const wanted = new Map<string, TargetConfig>();
  for (const n of nodes) {
    if (n.myself) continue;
    const t = nodeTarget(seed, n);
    if (t.name !== seed.name) wanted.set(t.name, t);
  }
  const added: string[] = [];
  for (const [name, t] of wanted) {
    if (targets.get(name)) continue;
    if (targets.add(t, seed.name)) added.push(name);
  }
  const removed: string[] = [];
  for (const e of targets.list()) {
    if (e.discoveredFrom === seed.name && !wanted.has(e.target.name)) {
      await targets.remove(e.target.name);
      removed.push(e.target.name);
    }
  }
  return { added, removed };
}

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

/** What may be discovered from one seed: at most `maxNodes` nodes, only at addresses `allows` admits. */
export interface DiscoveryBounds {
  readonly maxNodes: number;
  /** Undefined: every address CLUSTER NODES lists is polled (with the seed's credentials). */
  readonly allows?: (host: string) => boolean;
}

export interface Reconciled {
  readonly added: string[];
  readonly removed: string[];
  /** Listed nodes outside --cluster.allow-addresses: never dialled. */
  readonly refused: string[];
  /** Listed nodes past --cluster.max-nodes: not polled. */
  readonly overCap: number;
}

/**
 * Makes the discovered part of the target set match a seed's CLUSTER NODES: adds new nodes,
 * drops gone ones. Nodes already polled keep their place under the cap, so a cap that is hit
 * does not make the polled set churn. Gone nodes are retired all at once (each retire cuts its
 * connection), so a cluster that shrinks from thousands of nodes shrinks in one step.
 */
export async function reconcileCluster(targets: TargetSet, seed: TargetConfig, nodes: readonly ClusterNode[], bounds: DiscoveryBounds): Promise<Reconciled> {
  const listed = new Map<string, TargetConfig>();
  const refused: string[] = [];
  for (const n of nodes) {
    if (n.myself) continue;
    const t = nodeTarget(seed, n);
    if (t.name === seed.name || listed.has(t.name)) continue;
    if (bounds.allows && !bounds.allows(n.host)) refused.push(t.name);
    else listed.set(t.name, t);
  }
  const ordered = [...listed.values()].sort((a, b) => Number(!targets.get(a.name)) - Number(!targets.get(b.name)) || (a.name < b.name ? -1 : 1));
  const wanted = new Map(ordered.slice(0, bounds.maxNodes).map((t) => [t.name, t]));
  const added: string[] = [];
  for (const [name, t] of wanted) {
    if (targets.get(name)) continue;
    if (targets.add(t, seed.name)) added.push(name);
  }
  const removed = targets
    .list()
    .filter((e) => e.discoveredFrom === seed.name && !wanted.has(e.target.name))
    .map((e) => e.target.name);
  await Promise.all(removed.map((name) => targets.remove(name)));
  return { added, removed, refused, overCap: Math.max(0, listed.size - bounds.maxNodes) };
}

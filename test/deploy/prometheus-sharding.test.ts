import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomize, podPaths } from '../helpers/k8s.js';
import { SECRETS, TEST_SECRET, containerEnv, containerOf, statefulSet } from '../helpers/k8s-pod.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The fleet's Prometheus-side sharding example, run for real: three redis-vitals replicas with
 * the fleet's config and shard settings serve /discover, and promtool performs the example's
 * HTTP service discovery and relabelling for each Prometheus shard. Every Redis target must be
 * kept by exactly one Prometheus and sent to the replica that polls it, whose /scrape serves it.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const examplePath = join(root, 'deploy/kubernetes/fleet/prometheus-sharding.example.yml');
const example = readFileSync(examplePath, 'utf8');
const all = kustomize(join(root, 'deploy/kubernetes'));
const temps: string[] = [];
const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function run(cmd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Discovered {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
}

describe('deploy/kubernetes/fleet/prometheus-sharding.example.yml', () => {
  requireBinary('promtool', 'prometheus');

  it('passes promtool check config', () => {
    const r = spawnSync('promtool', ['check', 'config', examplePath], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it("lists one /discover URL per fleet replica, at the headless Service's metrics port", () => {
    const { sts, replicas } = statefulSet(all, 'redis-vitals-fleet');
    const spec = sts.spec as { serviceName: string };
    const svc = all.find((o) => o.kind === 'Service' && o.metadata.name === spec.serviceName);
    const port = (svc?.spec as { ports: { name: string; port: number }[] }).ports.find((p) => p.name === 'metrics')?.port;
    const job = (parse(example) as { scrape_configs: { http_sd_configs: { url: string }[] }[] }).scrape_configs[0];
    const urls = job?.http_sd_configs.map((c) => c.url);
    expect(urls).toEqual(Array.from({ length: replicas }, (_, i) => `http://${sts.metadata.name}-${i}.${spec.serviceName}.monitoring.svc:${port}/discover`));
  });

  it('each Prometheus shard keeps its share of the Redis targets and scrapes each at the replica that polls it', async () => {
    const { sts, pod, replicas, claims } = statefulSet(all, 'redis-vitals-fleet');
    const volumes = podPaths(pod, claims, all, SECRETS);
    temps.push(volumes.root);
    const c = containerOf(pod, 'redis-vitals');
    const inC = volumes.forContainer('redis-vitals');
    // One local Redis stands in for every fleet member (same password; the ACL user `sessions` uses).
    const redis = await startRedis({ requirepass: TEST_SECRET });
    await redis.cmd('ACL', 'SETUSER', 'vitals', 'on', `>${TEST_SECRET}`, '+@all', '~*');
    const scratch = mkdtempSync(join(tmpdir(), 'rv-shard-'));
    temps.push(scratch);

    const replicaUrls: string[] = [];
    for (let i = 0; i < replicas; i++) {
      const env = containerEnv(c, `${sts.metadata.name}-${i}`, inC.map);
      const configFile = join(scratch, `config-${i}.yml`);
      writeFileSync(configFile, readFileSync(env.REDIS_VITALS_CONFIG_FILE as string, 'utf8').replace(/^(\s*addr:\s*).*$/gm, `$1${redis.url}`));
      const e = await startTestExporter({ 'config.file': configFile }, env);
      exporters.push(e);
      replicaUrls.push(e.url);
    }
    const owners = new Map<string, string>();
    for (const url of replicaUrls) {
      const listed = (await (await fetch(`${url}/discover`)).json()) as { targets: string[] }[];
      for (const t of listed.flatMap((g) => g.targets)) owners.set(t, url.replace('http://', ''));
    }

    const shards = 2;
    const kept: Record<string, string>[][] = [];
    for (let k = 0; k < shards; k++) {
      let text = example.replace(/modulus: \d+/, `modulus: ${shards}`).replace(/regex: "0"\n(\s+action: keep)/, `regex: "${k}"\n$1`);
      replicaUrls.forEach((u, i) => (text = text.replace(new RegExp(`http://${sts.metadata.name}-${i}\\.[^/]+`), u)));
      const file = join(scratch, `prometheus-${k}.yml`);
      writeFileSync(file, text);
      // Asynchronously: the replicas answering /discover run in this process.
      const r = await run('promtool', ['check', 'service-discovery', '--timeout=3s', file, 'redis']);
      expect(r.status, r.stderr).toBe(0);
      kept.push((JSON.parse(r.stdout) as Discovered[]).map((d) => d.labels).filter((l) => Object.keys(l).length > 0));
    }

    const fleet = Object.keys(SECRETS['redis-vitals-fleet-passwords'] ?? {}).sort();
    expect([...owners.keys()].sort()).toEqual(fleet);
    expect(
      kept
        .flat()
        .map((l) => l.__param_target)
        .sort(),
      'each target kept by exactly one Prometheus',
    ).toEqual(fleet);
    for (const share of kept) expect(share.length).toBeGreaterThan(0);
    for (const l of kept.flat()) {
      const target = l.__param_target as string;
      expect(l.__address__, target).toBe(owners.get(target));
      expect(l.instance).toBe(target);
      expect(l.__metrics_path__).toBe('/scrape');
      const body = await waitFor(
        async () => (await fetch(`http://${l.__address__}${l.__metrics_path__}?target=${target}`)).text(),
        (t) => /^redis_up(\{[^}]*\})? 1$/m.test(t),
        { what: `/scrape?target=${target}` },
      );
      expect(body).not.toContain(TEST_SECRET);
    }
  }, 90_000);
});

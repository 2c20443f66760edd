import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRules } from '../../scripts/lib/rules.js';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig } from '../../src/config/config.js';
import { containerPaths, interpolate, mountsOf, readCompose } from '../helpers/compose.js';
import { requireBinary } from '../helpers/redis-server.js';

/**
 * What each compose service would run, run here with the programs' own checkers, or for real:
 * promtool and amtool on the configs exactly as mounted, our config loader on the redis-vitals
 * service, and the Redis service's entrypoint starting a real redis-server from its secret.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const compose = readCompose(join(root, 'deploy/docker-compose.yml'), readFileSync(join(root, 'deploy/docker-compose.yml'), 'utf8'));
const svc = (name: string) => compose.services[name] ?? {};
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const SECRET = 'compose-test-secret-5f1c9a';

/** Each bind mount of a service copied to where the container sees it, under a temp root. */
function containerTree(service: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rv-tree-'));
  temps.push(dir);
  for (const m of mountsOf(compose, service)) if (m.kind === 'bind') cpSync(m.source, join(dir, m.target), { recursive: true });
  return dir;
}

function flagValue(args: readonly string[] | undefined, name: string): string {
  const hit = (args ?? []).find((a) => a.startsWith(`--${name}=`));
  if (!hit) throw new Error(`no --${name}= in ${JSON.stringify(args)}`);
  return hit.slice(name.length + 3);
}

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** The redis-vitals service's config, loaded by our loader from its command and environment. */
function exporterConfig() {
  const s = svc('redis-vitals');
  const fs = containerPaths(mountsOf(compose, 'redis-vitals'), SECRET);
  temps.push(fs.root);
  const argv = parseArgv((s.command ?? []).map(interpolate));
  const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, fs.map(interpolate(v))]));
  return { argv, env, config: loadConfig(argv.values, env) };
}

describe('the compose services, as they would run', () => {
  it('redis-vitals: its command and env pass our config loader, reading the password from the secret', () => {
    const { argv, config } = exporterConfig();
    expect(argv.positionals).toEqual(['serve']);
    expect(config.targets).toHaveLength(1);
    expect(config.targets[0]?.address.host).toBe('redis');
    expect(Object.keys(compose.services)).toContain(config.targets[0]?.address.host);
    expect(config.targets[0]?.password).toBe(SECRET);
    expect(config.host.collect).toBe('on');
    expect(config.host.sysfs).toBe('/host/sys');
    // The data volume is where Redis keeps it, so CONFIG GET dir resolves under rootfs "/".
    expect(config.host.rootfs).toBe('/');
    const data = mountsOf(compose, 'redis-vitals').find((m) => m.source === 'redis-data');
    expect(data).toMatchObject({ target: '/data', readOnly: true });
    expect(mountsOf(compose, 'redis').find((m) => m.source === 'redis-data')?.target).toBe('/data');
    expect(svc('redis-vitals').pid).toBe('service:redis');
  });

  it('Prometheus: promtool check config accepts the mounted config with every rule, and it points at the stack', () => {
    requireBinary('promtool', 'prometheus');
    const tree = containerTree('prometheus');
    const configPath = flagValue(svc('prometheus').command, 'config.file');
    const r = run('promtool', ['check', 'config', join(tree, configPath)]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS: 1 rule files found');
    const ruleCount = loadRules().groups.reduce((n, g) => n + g.rules.length, 0);
    expect(r.out).toContain(`SUCCESS: ${ruleCount} rules found`);

    const prom = parse(readFileSync(join(tree, configPath), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs?: { targets: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    const listens: Record<string, string> = {
      'redis-vitals': String(exporterConfig().config.web.listen.port),
      alertmanager: '9093',
    };
    const targets = [
      ...prom.scrape_configs
        .filter((j) => j.job_name !== 'prometheus')
        .flatMap((j) => j.static_configs ?? [])
        .flatMap((c) => c.targets),
      ...prom.alerting.alertmanagers.flatMap((a) => a.static_configs).flatMap((c) => c.targets),
    ];
    expect(targets.sort()).toEqual(['alertmanager:9093', 'redis-vitals:9121']);
    for (const t of targets) {
      const [host = '', port] = t.split(':');
      expect(Object.keys(compose.services)).toContain(host);
      expect(port).toBe(listens[host]);
    }
  });

  it('Alertmanager: amtool check-config accepts the mounted config', () => {
    requireBinary('amtool', 'prometheus-alertmanager');
    const tree = containerTree('alertmanager');
    const r = run('amtool', ['check-config', join(tree, flagValue(svc('alertmanager').command, 'config.file'))]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
  });

  it('Grafana: the datasource is the prometheus service, the dashboard provider reads where the dashboards are mounted', () => {
    const tree = containerTree('grafana');
    const ds = parse(readFileSync(join(tree, '/etc/grafana/provisioning/datasources/prometheus.yaml'), 'utf8')) as { datasources: { url: string }[] };
    expect(ds.datasources.map((d) => d.url)).toEqual(['http://prometheus:9090']);
    const dashDir = join(tree, '/etc/grafana/provisioning/dashboards');
    const providers = readdirSync(dashDir).flatMap((f) => (parse(readFileSync(join(dashDir, f), 'utf8')) as { providers: { options: { path: string } }[] }).providers);
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) {
      const jsons = readdirSync(join(tree, p.options.path)).filter((f) => f.endsWith('.json'));
      expect(jsons.length, p.options.path).toBeGreaterThan(0);
      for (const f of jsons) expect((JSON.parse(readFileSync(join(tree, p.options.path, f), 'utf8')) as { uid?: string }).uid).toBeTruthy();
    }
    expect(svc('grafana').environment?.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/run/secrets/grafana-admin-password');
  });
});

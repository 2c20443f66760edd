import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { fillMemoryTo } from '../helpers/failure-states.js';
import { schemaErrors, unknownFields, type K8sObject } from '../helpers/k8s.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';

/**
 * docs/probes.md's examples are what users paste: the Kubernetes container with the doctor
 * readiness probe is checked against the Kubernetes schema, and its exec command (and the NRPE
 * line) run here through the real CLI against real redis-server processes, with the password
 * from the file the container's env names.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/probes.md'), 'utf8');
const dirs: string[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Container {
  name: string;
  env?: { name: string; value: string }[];
  readinessProbe?: { exec?: { command: string[] }; timeoutSeconds?: number };
}
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
const container = parse(yamlBlock) as Container;
const nrpe = /^command\[check_redis_vitals\]=(.+)$/m.exec(doc)?.[1] ?? '';

const PASSWORD = 'probe-doc-pw-5e0c';
function passwordFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'rv-probe-'));
  dirs.push(d);
  writeFileSync(join(d, 'password'), `${PASSWORD}\n`);
  return join(d, 'password');
}

/** The probe's argv against this Redis, with the container's env (its password file mapped here). */
function runProbe(argv: readonly string[], redis: RedisHandle, file: string) {
  expect(argv[0]).toMatch(/(^|\/)redis-vitals$/);
  const args = argv.slice(1).map((a) => a.replace(/^--redis\.addr=.*/, `--redis.addr=${redis.url}`).replace(/^--redis\.password-file=.*/, `--redis.password-file=${file}`));
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.name === 'REDIS_PASSWORD_FILE' ? file : e.value]));
  return runCli(args, env);
}

describe('docs/probes.md', () => {
  it('the Kubernetes example is a valid container with an exec readiness probe (never liveness)', async () => {
    expect(container.readinessProbe?.exec?.command).toContain('--check.window=0s');
    expect(yamlBlock).not.toMatch(/livenessProbe/);
    const pod: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe-example' }, spec: { containers: [container] } } as K8sObject;
    expect(await schemaErrors(pod)).toEqual([]);
    expect(unknownFields([pod])).toEqual([]);
  });

  it('its exec command passes on a healthy Redis, fails CRITICAL on one full under noeviction and on one that is down', async () => {
    const argv = container.readinessProbe?.exec?.command ?? [];
    const file = passwordFile();
    const redis = await startRedis({ requirepass: PASSWORD, args: ['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction'] });
    const healthy = runProbe(argv, redis, file);
    expect(healthy.status, healthy.stdout + healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(/^(OK|WARNING): /);

    await fillMemoryTo(redis, 3 * 1024 * 1024, 0.6);
    await redis.cmd('CONFIG', 'SET', 'maxmemory', '1mb');
    const full = runProbe(argv, redis, file);
    expect(full.stdout).toMatch(/^CRITICAL: .*memory-full/);
    expect(full.status).toBe(2);

    await redis.stop();
    const down = runProbe(argv, redis, file);
    expect(down.stdout).toMatch(/^CRITICAL: .*redis-unreachable/);
    expect(down.status).toBe(2);
    expect(healthy.stdout + full.stdout + down.stdout + down.stderr).not.toContain(PASSWORD);
  });

  it('the NRPE command line prints a plugin line with perfdata and a Nagios exit code', async () => {
    const file = passwordFile();
    const redis = await startRedis({ requirepass: PASSWORD });
    const r = runProbe(nrpe.split(' '), redis, file);
    expect(r.stdout.split('\n')[0]).toMatch(/^(OK|WARNING): redis:\/\/127\.0\.0\.1:\d+ .*\| failing=\d+ checks=\d+/);
    expect([0, 1]).toContain(r.status);
  });
});

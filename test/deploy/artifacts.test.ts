import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';

/**
 * What can be checked of the deployment files without a Docker engine or a systemd init:
 * the image's build steps run here and leave a runnable app; the unit passes systemd-analyze.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
afterAll(stopAllRedis);

interface Instruction {
  readonly op: string;
  readonly args: string;
}

function dockerfile(): Instruction[] {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const steps = dockerfile();

  it('is multi-stage on a current Node LTS, runs as non-root, exposes 9121, has a health check', () => {
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
    expect(froms).toHaveLength(2);
    for (const f of froms) expect(f).toMatch(/^node:(22|24)-alpine/);
    expect(steps.find((s) => s.op === 'USER')?.args).toBe('node');
    expect(steps.find((s) => s.op === 'EXPOSE')?.args).toBe('9121');
    expect(steps.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('/-/healthy');
    expect(steps.findLast((s) => s.op === 'ENTRYPOINT')?.args).toBe('["redis-vitals"]');
  });

  it('copies only files that exist; its build steps make the bundle and its runtime stage puts redis-vitals on PATH', async () => {
    const stage2 = steps.findIndex((s, i) => i > 0 && s.op === 'FROM');
    const buildStage = steps.slice(0, stage2);
    const copies = buildStage.filter((s) => s.op === 'COPY').flatMap((s) => s.args.split(' ').slice(0, -1));
    for (const f of copies) expect(existsSync(join(root, f)), f).toBe(true);
    const runs = buildStage.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(runs).toEqual(['npm ci', 'npm run bundle']);
    const runtime = steps.slice(stage2);
    expect(runtime.filter((s) => s.op === 'COPY').map((s) => s.args)).toEqual(['--from=build /app/bundle/ /usr/local/lib/redis-vitals/']);
    const wrapper = runtime.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(wrapper).toHaveLength(1);

    // Same steps in a scratch copy: node_modules is linked instead of `npm ci` (no network in
    // tests); the runtime stage's RUN writes under the scratch dir instead of /usr/local.
    const dir = mkdtempSync(join(tmpdir(), 'rv-image-'));
    try {
      for (const f of copies) cpSync(join(root, f), join(dir, f), { recursive: true });
      expect(spawnSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]).status).toBe(0);
      const r = spawnSync('sh', ['-c', 'npm run bundle'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, `npm run bundle: ${r.stderr}`).toBe(0);
      const usr = join(dir, 'usr-local');
      cpSync(join(dir, 'bundle'), join(usr, 'lib/redis-vitals'), { recursive: true });
      mkdirSync(join(usr, 'bin'));
      const w = spawnSync('sh', ['-c', (wrapper[0] ?? '').replaceAll('/usr/local/', `${usr}/`)], { encoding: 'utf8' });
      expect(w.status, w.stderr).toBe(0);
      const bin = join(usr, 'bin/redis-vitals');
      expect(readFileSync(bin, 'utf8')).toContain('exec node --max-semi-space-size=2 ');
      const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
      expect(version.stdout).toMatch(/^redis-vitals \d+\.\d+\.\d+/);
      const redis = await startRedis({ args: ['--save', '3600 1'] });
      // --host.collect off: this asks whether the bundle runs, not how this machine's
      // vm.overcommit_memory is set (the host doctor rules would make the verdict depend on it).
      const check = spawnSync(bin, ['check', '--redis.addr', redis.url, '--host.collect', 'off'], { encoding: 'utf8' });
      expect(check.stdout).toMatch(/^OK: /);
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('systemd unit', () => {
  it('passes systemd-analyze verify and is hardened', () => {
    requireBinary('systemd-analyze', 'systemd');
    const unit = join(root, 'deploy/systemd/redis-vitals.service');
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(r.stderr.split('\n').filter((l) => l.includes('redis-vitals.service') && !/Command .* is not executable|does not exist/.test(l))).toEqual([]);
    const text = readFileSync(unit, 'utf8');
    for (const line of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadOnlyPaths=/proc /sys /var/lib/redis', 'CapabilityBoundingSet=', 'Environment=MALLOC_ARENA_MAX=2'])
      expect(text).toContain(line);
    expect(text).not.toMatch(/--redis\.password[ =]/);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/config/flags.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

afterAll(stopAllRedis);

describe('command line', () => {
  it('--help lists every flag with its env var and default', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const f of FLAGS) {
      expect(r.stdout).toContain(`--${f.name}`);
      expect(r.stdout).toContain(`env: ${f.env}`);
      if (f.def && f.kind !== 'secret') expect(r.stdout).toContain(`(default ${f.def})`);
      if (f.range) expect(r.stdout).toContain(`(from ${f.range[0]} to ${f.range[1]})`);
    }
  });

  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^redis-vitals \d+\.\d+\.\d+ \(node v\d+/);
  });

  it.each([[['--poll.interval', 'never']], [['--bogus']], [['frobnicate']]])('bad input %j: one line on stderr and exit code 2 before anything starts', (args) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^redis-vitals: /);
  });

  it('with no Redis it keeps serving redis_up 0, logs one clear line, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const deadPort = await freePort();
    const p = spawnCli(['--redis.addr', `127.0.0.1:${deadPort}`, '--web.listen-address', `127.0.0.1:${port}`, '--poll.interval', '100ms']);
    try {
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 5,
        { what: 'several failed polls' },
      );
      expect(m.get('redis_up')).toBe(0);
      const lines = p
        .output()
        .split('\n')
        .filter((l) => l.includes('cannot poll Redis'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('connection refused');
      expect((await fetch(`http://127.0.0.1:${port}/-/healthy`)).status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });

  it('serves a live Redis, then shuts down cleanly on SIGINT', async () => {
    const redis = await startRedis();
    const port = await freePort();
    const p = spawnCli(['--web.listen-address', `127.0.0.1:${port}`, '--log-format', 'txt'], { REDIS_ADDR: redis.url });
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/-/ready`)).status,
        (s) => s === 200,
        { what: 'ready' },
      );
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(parseExposition(text).get('redis_up')).toBe(1);
      expect(p.output()).toMatch(/level=info msg="first poll succeeded"/);
    } finally {
      p.child.kill('SIGINT');
    }
    expect(await p.exited).toBe(0);
  });

  it('reports a busy listen port as one clear error', async () => {
    const redis = await startRedis();
    const port = await freePort();
    const first = spawnCli(['--web.listen-address', `127.0.0.1:${port}`], { REDIS_ADDR: redis.url });
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/-/healthy`)).status,
        (s) => s === 200,
        { what: 'first listening' },
      );
      const r = runCli(['--web.listen-address', `127.0.0.1:${port}`], { REDIS_ADDR: redis.url });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/address already in use/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});

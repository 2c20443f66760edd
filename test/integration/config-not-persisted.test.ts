import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * config-not-persisted against real redis-server processes started from real config files: the
 * file's `include`s (relative and wildcard, resolved as Redis resolved them), whether requirepass
 * is set (never its value), and settings on the command line.
 */
const dirs: string[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Finding {
  check: string;
  failing: boolean;
  summary: string;
  remedy: string[];
  evidence: Record<string, string | number>;
}

function cnp(redis: Pick<RedisHandle, 'url'>, env: Record<string, string> = {}): { finding: Finding; raw: string } {
  const r = runCli(['check', '--redis.addr', redis.url, '--format', 'json', '--check.window', '0s'], env);
  if (r.status === 3 || r.stdout === '') throw new Error(`check failed: ${r.stderr}`);
  const finding = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.find((f) => f.check === 'config-not-persisted');
  if (!finding) throw new Error(`no config-not-persisted finding: ${r.stdout}`);
  return { finding, raw: r.stdout + r.stderr };
}

describe('config-not-persisted on real servers', () => {
  it('follows include lines as Redis did: relative to the last `dir` line, and wildcards in order', async () => {
    const confs = mkdtempSync(join(tmpdir(), 'rv-includes-'));
    dirs.push(confs);
    mkdirSync(join(confs, 'conf.d'));
    writeFileSync(join(confs, 'memory.conf'), 'maxmemory-policy allkeys-lru\n');
    writeFileSync(join(confs, 'conf.d', '10-aof.conf'), 'appendfsync always\n');
    writeFileSync(join(confs, 'conf.d', '20-aof.conf'), 'appendfsync no\n');
    // Redis resolves a relative include against its working directory, which the `dir` line just set.
    // The helper's --dir on the command line then moves it to the data dir: readable with set-proc-title no.
    const redis = await startRedis({ config: [`dir ${confs}`, 'maxmemory 10mb', 'include memory.conf', `include ${confs}/conf.d/*.conf`], args: ['--set-proc-title', 'no'] });
    expect(await redis.cmd('CONFIG', 'GET', 'maxmemory-policy')).toEqual({ 'maxmemory-policy': 'allkeys-lru' });
    const ok = cnp(redis).finding;
    // Without the includes, allkeys-lru (vs the default noeviction) and appendfsync no would look changed.
    expect(ok.failing, ok.summary).toBe(false);
    expect(String(ok.evidence.included_files)).toBe(`${confs}/memory.conf, ${confs}/conf.d/10-aof.conf, ${confs}/conf.d/20-aof.conf`);
    expect(ok.evidence.includes_not_read).toBeUndefined();

    await redis.cmd('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru');
    await redis.cmd('CONFIG', 'SET', 'appendfsync', 'everysec');
    const bad = cnp(redis).finding;
    expect(bad.failing).toBe(true);
    expect(bad.summary).toContain('maxmemory-policy (running volatile-lru, file allkeys-lru)');
    expect(bad.summary).toContain('appendfsync (running everysec, file no)');
    expect(bad.summary).toContain('and its includes');
  });

  it('an include that is gone since Redis started is listed as not read, not thrown', async () => {
    const confs = mkdtempSync(join(tmpdir(), 'rv-includes-'));
    dirs.push(confs);
    writeFileSync(join(confs, 'extra.conf'), 'maxmemory 10mb\n');
    const redis = await startRedis({ config: [`include ${confs}/extra.conf`] });
    rmSync(join(confs, 'extra.conf'));
    const f = cnp(redis).finding;
    expect(String(f.evidence.includes_not_read)).toBe(`${confs}/extra.conf (ENOENT)`);
  });

  it('compares whether requirepass is set, never its value', async () => {
    const redis = await startRedis({ config: ['maxmemory 0'] });
    const secret = 'pw-not-in-output-7c1f';
    await redis.cmd('CONFIG', 'SET', 'requirepass', secret);
    const { finding, raw } = cnp(redis, { REDIS_PASSWORD: secret });
    expect(finding.failing).toBe(true);
    expect(finding.summary).toContain('requirepass (running set, file not set (default: not in the file))');
    expect(finding.remedy.join('\n')).toContain('CONFIG SET requirepass ""');
    expect(raw).not.toContain(secret);
    const doctor = runCli(['doctor', '--redis.addr', redis.url, '--check.window', '0s'], { REDIS_PASSWORD: secret });
    expect(doctor.stdout).toContain('requirepass');
    expect(doctor.stdout + doctor.stderr).not.toContain(secret);
  });

  it('a password the file sets and the running server dropped: the remedy points at the file, never prints it', async () => {
    const secret = 'pw-in-file-only-41aa';
    const redis = await startRedis({ config: [`requirepass ${secret}`], requirepass: secret });
    // Same password on both sides: nothing to say.
    expect(cnp(redis, { REDIS_PASSWORD: secret }).finding.failing).toBe(false);
    const client = await redis.cmd('CONFIG', 'SET', 'requirepass', '');
    expect(client).toBe('OK');
    const { finding, raw } = cnp(redis);
    expect(finding.summary).toContain('requirepass (running not set, file set)');
    expect(finding.remedy.join('\n')).toContain('with the password the file has (not shown here)');
    expect(raw).not.toContain(secret);
  });

  it('settings Redis read from its stdin (`redis-server <file> -`) are said to be unknown', async () => {
    requireBinary('redis-server', 'redis-server');
    const confs = mkdtempSync(join(tmpdir(), 'rv-stdin-'));
    dirs.push(confs);
    writeFileSync(join(confs, 'redis.conf'), 'maxmemory 10mb\n');
    const port = await freePort();
    // As the shipped compose file and Kubernetes manifest start Redis (requirepass on stdin there).
    const child = spawn(
      'sh',
      ['-c', `printf 'maxmemory-policy allkeys-lru\\n' | exec redis-server ${join(confs, 'redis.conf')} --port ${port} --bind 127.0.0.1 --dir ${confs} --save '' --set-proc-title no -`],
      { stdio: 'ignore' },
    );
    const url = `redis://127.0.0.1:${port}`;
    const stop = () => spawnSync('redis-cli', ['-p', String(port), 'SHUTDOWN', 'NOSAVE']);
    try {
      await waitFor(
        async () => spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim(),
        (r) => r === 'PONG',
        { what: 'redis-server reading stdin' },
      );
      const f = cnp({ url }).finding;
      expect(f.summary).toContain('maxmemory-policy (running allkeys-lru, file noeviction (default: not in the file))');
      expect(f.summary).toContain('Redis also read settings from its stdin');
      expect(String(f.evidence.command_line_settings)).toBe('port bind dir save set-proc-title (and settings on stdin, unknown)');
    } finally {
      stop();
      child.kill('SIGKILL');
    }
  });

  it('settings on the command line: read from /proc/<pid>/cmdline with set-proc-title no, said to be unreadable otherwise', async () => {
    const readable = await startRedis({ config: ['maxmemory 10mb'], args: ['--set-proc-title', 'no', '--maxmemory', '20mb'] });
    const r = cnp(readable).finding;
    expect(r.failing, r.summary).toBe(false);
    expect(String(r.evidence.command_line_settings)).toMatch(/\bmaxmemory\b/);

    const hidden = await startRedis({ config: ['maxmemory 10mb'], args: ['--maxmemory', '20mb'] });
    const h = cnp(hidden).finding;
    expect(h.failing).toBe(true);
    expect(h.summary).toContain('maxmemory (running 20971520, file 10mb)');
    expect(h.summary).toContain('the exporter cannot read them: Redis replaced its command line with its process title');
    expect(String(h.evidence.command_line_settings)).toMatch(/^not readable/);
  });
});

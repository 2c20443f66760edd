import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { FLAGS } from '../../src/config/flags.js';
import bcrypt from 'bcryptjs';
import { makeCerts } from '../helpers/certs.js';
import { startTestExporter } from '../helpers/exporter.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** A redis_exporter unit file's command line, run through the real CLI: it starts, acts, warns once per unapplied flag. */
afterAll(async () => {
  await stopAllRedis();
});

function httpsGet(url: string, opts: { ca: Buffer; cert?: Buffer; key?: Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, opts, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a redis_exporter 1.45 command line', () => {
  it('starts, serves the features it names, and warns once for each flag not applied', async () => {
    const redis = await startRedis();
    await redis.cmd('RPUSH', 'q:1', 'a');
    await redis.cmd('XADD', 'st', '*', 'k', 'v');
    const port = await freePort();
    const p = spawnCli(
      [
        '-redis.addr',
        redis.url,
        '-web.listen-address',
        `127.0.0.1:${port}`,
        '-namespace',
        'redis',
        '-is-cluster=false',
        '-check-keys',
        'q:*',
        '-check-single-keys',
        'k',
        '-count-keys',
        'q:*',
        '-check-keys-batch-size',
        '100',
        '-export-client-list',
        '-include-config-metrics',
        '-redact-config-metrics',
        '-include-system-metrics',
        '-ping-on-connect',
        '-set-client-name=true',
        '-check-streams',
        's*',
        '-script',
        '/nonexistent.lua',
        '-is-tile38',
        '-check-key-groups',
        '^(q):',
        '-debug',
        '-log-format',
        'txt',
        '-connection-timeout',
        '5s',
        '-config-command',
        'CONFIG',
      ],
      { REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'st', REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS: '5' },
    );
    try {
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (x) => x.get('redis_keys_count', { db: 'db0', key: 'q:*' }) === 1,
        { what: 'key counts served' },
      );
      expect(m.get('redis_key_size', { db: 'db0', key: 'q:1' })).toBe(1);
      expect(m.all('redis_config_key_value').length).toBeGreaterThan(100);
      expect(m.all('redis_connected_clients_details').length).toBeGreaterThan(0);
      expect(m.get('redis_stream_length', { db: 'db0', stream: 'st' })).toBe(1);
      const warnings = p
        .output()
        .split('\n')
        .filter((l) => l.includes('is accepted but not applied'));
      expect(warnings.map((l) => /flag --([\w.-]+)/.exec(l)?.[1]).sort()).toEqual(['check-key-groups', 'is-tile38', 'max-distinct-key-groups', 'ping-on-connect', 'script']);
      expect(p.output()).toMatch(/level=debug/);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });

  it('--tls-server-cert-file/--tls-server-key-file serve HTTPS; --tls-server-ca-cert-file requires a client certificate', async () => {
    const redis = await startRedis();
    const certs = makeCerts();
    const ca = readFileSync(certs.ca);
    for (const withCa of [false, true]) {
      const port = await freePort();
      const p = spawnCli([
        '--redis.addr',
        redis.url,
        '--web.listen-address',
        `127.0.0.1:${port}`,
        '--tls-server-cert-file',
        certs.serverCert,
        '--tls-server-key-file',
        certs.serverKey,
        ...(withCa ? ['--tls-server-ca-cert-file', certs.ca] : []),
      ]);
      try {
        const url = `https://127.0.0.1:${port}/metrics`;
        const client = { ca, cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) };
        const ok = await waitFor(
          () => httpsGet(url, client),
          (r) => r.status === 200 && parseExposition(r.body).get('redis_up') === 1,
          { what: 'HTTPS scrape' },
        );
        expect(ok.status).toBe(200);
        if (withCa) await expect(httpsGet(url, { ca })).rejects.toThrow();
        else expect((await httpsGet(url, { ca })).status).toBe(200);
      } finally {
        p.child.kill('SIGTERM');
      }
      expect(await p.exited).toBe(0);
    }
  });
});

/**
 * Debian's unit for redis_exporter: `EnvironmentFile=/etc/default/prometheus-redis-exporter` and
 * `ExecStart=/usr/bin/prometheus-redis-exporter $ARGS` (split at whitespace). The same file, read
 * by a shell the way the unit's init.d twin does, starts the real redis_exporter 1.45 and then
 * redis-vitals in its place: no `serve`, no edit, and both serve the same Redis with the password
 * from redis_exporter's JSON map file.
 */
describe("Debian's /etc/default/prometheus-redis-exporter", () => {
  it('starts redis_exporter 1.45 and redis-vitals alike, with no warning for what redis-vitals applies', async () => {
    requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
    const password = 'deb-Pass-7731';
    const redis = await startRedis({ requirepass: password });
    await redis.cmd('SET', 'q:1', 'hello');
    const dir = mkdtempSync(join(tmpdir(), 'rv-debian-default-'));
    const map = join(dir, 'passwords.json');
    writeFileSync(map, JSON.stringify({ [redis.url]: password }));
    const port = await freePort();
    const defaults = join(dir, 'prometheus-redis-exporter');
    writeFileSync(
      defaults,
      [
        '# Set the command-line arguments to pass to the server.',
        `ARGS="-redis.addr ${redis.url} -redis.password-file ${map} -web.listen-address 127.0.0.1:${port} -include-system-metrics -check-single-keys db0=q:1 -is-cluster=false -log-format txt"`,
        'REDIS_EXPORTER_INCL_CONFIG_METRICS=true',
        'REDIS_EXPORTER_EXPORT_CLIENT_LIST=true',
        'REDIS_EXPORTER_CONNECTION_TIMEOUT=5s',
        '',
      ].join('\n'),
    );
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const run = (binary: string) => {
      const child = spawn('sh', ['-c', `set -a; . "$1"; set +a; exec ${binary} $ARGS`, 'unit', defaults], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      return { child, output: () => out, exited };
    };
    const served = async () => {
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (x) => x.get('redis_up') === 1 && x.get('redis_key_size', { db: 'db0', key: 'q:1' }) === 5 && x.all('redis_connected_clients_details').length > 0,
        { what: 'redis_up 1 with the key check and client list served' },
      );
      expect(m.all('redis_config_key_value').length).toBeGreaterThan(100);
      expect(m.get('redis_total_system_memory_bytes')).toBeGreaterThan(0);
    };
    // The reference: the file as Debian's redis_exporter reads it.
    const theirs = run('prometheus-redis-exporter');
    try {
      await served();
    } finally {
      theirs.child.kill('SIGTERM');
    }
    await theirs.exited;
    const ours = run(`${process.execPath} --import tsx src/cli.ts`);
    try {
      await served();
    } finally {
      ours.child.kill('SIGTERM');
    }
    expect(await ours.exited).toBe(0);
    const lines = ours
      .output()
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.filter((l) => !/^time=\S+ level=info /.test(l))).toEqual([]);
    expect(ours.output()).not.toContain(password);
  });
});

/**
 * Values a redis_exporter 1.45 deployment may carry that 1.45 starts with (checked on the real
 * binary): redis-vitals starts with them too, acting as 1.45 does or warning, never exit 2.
 */
describe('values redis_exporter 1.45 starts with', () => {
  // An empty line in an EnvironmentFile or compose file: 1.45 falls back to each default (it exits
  // only on an empty REDIS_EXPORTER_CONNECTION_TIMEOUT, which redis-vitals reads as unset too).
  const emptyEnv = Object.fromEntries(FLAGS.filter((f) => /^REDIS_(EXPORTER_|ADDR$|USER$|PASSWORD)/.test(f.env) && f.env !== 'REDIS_EXPORTER_CONNECTION_TIMEOUT').map((f) => [f.env, '']));
  const cases: { name: string; args: string[]; env: Record<string, string>; expect: (c: Config) => void }[] = [
    {
      name: 'every redis_exporter env var set but empty',
      args: [],
      env: emptyEnv,
      // As if none were set (JSON: the allow-lists hold functions, equal only by reference).
      expect: (c) => expect(JSON.stringify(c)).toBe(JSON.stringify(loadConfig(new Map(), {}))),
    },
    { name: '-log-format=text', args: ['-log-format=text'], env: {}, expect: (c) => expect([c.log.format, c.warnings.length]).toEqual(['txt', 1]) },
    { name: '-log-format=JSON', args: ['-log-format=JSON'], env: {}, expect: (c) => expect([c.log.format, c.warnings.length]).toEqual(['txt', 1]) },
    { name: '-connection-timeout=0s', args: ['-connection-timeout=0s'], env: {}, expect: (c) => expect(c.redis.connectTimeoutMs).toBe(c.poll.timeoutMs) },
    { name: '-connection-timeout=2h', args: ['-connection-timeout=2h'], env: {}, expect: (c) => expect(c.redis.connectTimeoutMs).toBe(c.poll.timeoutMs) },
    { name: '-is-cluster=T', args: ['-is-cluster=T', '-export-client-list=f'], env: {}, expect: (c) => expect([c.cluster.discover, c.redis.clientList.enabled]).toEqual([true, false]) },
  ];

  it.each(cases)('$name', async ({ args, env, expect: check }) => {
    requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
    const port = await freePort();
    const closed = await freePort();
    const theirs = spawn('prometheus-redis-exporter', ['-redis.addr', `redis://127.0.0.1:${closed}`, '-web.listen-address', `127.0.0.1:${port}`, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'ignore',
    });
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).status,
        (s) => s === 200,
        { what: `redis_exporter 1.45 to start with ${args.join(' ')}` },
      );
    } finally {
      theirs.kill('SIGTERM');
    }
    check(loadConfig(parseArgv(args).values, env));
  });
});

/**
 * Log lines as a log pipeline written for redis_exporter sees them: the same keys first, in the
 * same order, with word levels, in txt and json. The differences the migration guide names
 * (quoting and precision of time, `warn` for logrus' `warning`) are pinned here too.
 */
describe('logs beside redis_exporter 1.45', () => {
  const lines = (text: string) => text.split('\n').filter((l) => l !== '');
  /** 1.45 with a password file that is not its JSON map: a warning line, then it exits. */
  const theirLines = (format: string) => {
    requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
    const dir = mkdtempSync(join(tmpdir(), 'rv-logs-'));
    writeFileSync(join(dir, 'pw'), 'not-json\n');
    const r = spawnSync('prometheus-redis-exporter', ['-redis.password-file', join(dir, 'pw'), '-log-format', format], { encoding: 'utf8', timeout: 30_000 });
    return lines(`${r.stdout}${r.stderr}`);
  };
  /** redis-vitals against a closed port: the startup line, then one warning. */
  const ourLines = async (format: string) => {
    const port = await freePort();
    const closed = await freePort();
    const p = spawnCli(['-redis.addr', `127.0.0.1:${closed}`, '-web.listen-address', `127.0.0.1:${port}`, '-log-format', format]);
    try {
      await waitFor(
        () => p.output(),
        (o) => o.includes('cannot poll Redis'),
        { what: 'the warning line' },
      );
    } finally {
      p.child.kill('SIGTERM');
    }
    await p.exited;
    return lines(p.output());
  };

  it('txt: time, level, msg first, word levels; logrus quotes time and says warning where redis-vitals says warn', async () => {
    const shape = /^time=("?)(\S+?)\1 level=(\w+) msg=/;
    const theirs = theirLines('txt');
    const ours = await ourLines('txt');
    for (const l of [...theirs, ...ours]) expect(l).toMatch(shape);
    const levels = (ls: string[]) => ls.map((l) => shape.exec(l)?.[3]);
    expect(levels(theirs)).toContain('warning');
    expect(levels(ours)).toContain('warn');
    // A pipeline matching `level=warn` sees both.
    expect(theirs.some((l) => l.includes('level=warn'))).toBe(true);
    expect(theirs[0]).toMatch(/^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" /);
    expect(ours[0]).toMatch(/^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
  });

  it('json: one object a line with string level, msg and time, as logrus writes them', async () => {
    const theirs = theirLines('json').map((l) => JSON.parse(l) as Record<string, unknown>);
    const ours = (await ourLines('json')).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of [...theirs, ...ours]) {
      expect(typeof o.level).toBe('string');
      expect(typeof o.msg).toBe('string');
      expect(Number.isNaN(Date.parse(String(o.time)))).toBe(false);
    }
    expect(theirs.map((o) => o.level)).toContain('warning');
    expect(ours.map((o) => o.level)).toContain('warn');
  });
});

/** redis_exporter 1.45's routes (its mux: the metrics path, /, /scrape, /health), as probes and scrapers use them. */
describe("redis_exporter 1.45's HTTP paths", () => {
  it('answer on redis-vitals too: /health says ok (also behind basic auth, as a liveness probe needs)', async () => {
    const redis = await startRedis();
    const theirs = await startRedisExporter(redis.url);
    const dir = mkdtempSync(join(tmpdir(), 'rv-health-'));
    const web = join(dir, 'web.yml');
    writeFileSync(web, `basic_auth_users:\n  prometheus: '${bcrypt.hashSync('probe-Pw-5', 4)}'\n`);
    const plain = await startTestExporter({ 'redis.addr': redis.url });
    const guarded = await startTestExporter({ 'redis.addr': redis.url, 'web.config.file': web });
    try {
      const get = async (base: string, path: string) => {
        const res = await fetch(`${base}${path}`);
        return { status: res.status, body: await res.text() };
      };
      for (const path of ['/', '/metrics', '/health', `/scrape?target=${encodeURIComponent(redis.url)}`]) {
        expect((await get(theirs.url, path)).status, `redis_exporter ${path}`).toBe(200);
        expect((await get(plain.url, path)).status, `redis-vitals ${path}`).toBe(200);
      }
      expect(await get(theirs.url, '/health')).toEqual({ status: 200, body: 'ok' });
      expect(await get(plain.url, '/health')).toEqual({ status: 200, body: 'ok' });
      expect(await get(guarded.url, '/health')).toEqual({ status: 200, body: 'ok' });
      expect((await get(guarded.url, '/metrics')).status).toBe(401);
    } finally {
      await theirs.stop();
      await plain.stop();
      await guarded.stop();
    }
  });
});

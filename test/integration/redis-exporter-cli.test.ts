import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../helpers/certs.js';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
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

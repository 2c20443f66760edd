import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts, type TestCerts } from '../helpers/certs.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

let certs: TestCerts;
const exporters: TestExporter[] = [];
beforeAll(() => {
  certs = makeCerts();
});
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

async function tlsRedis(clientAuth: 'yes' | 'no') {
  const tlsPort = await freePort();
  return {
    tlsPort,
    redis: await startRedis({
      args: ['--tls-port', String(tlsPort), '--tls-cert-file', certs.serverCert, '--tls-key-file', certs.serverKey, '--tls-ca-cert-file', certs.ca, '--tls-auth-clients', clientAuth],
    }),
  };
}

async function exporter(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter(flags);
  exporters.push(e);
  return e;
}

describe('TLS to Redis', () => {
  it('rediss:// with the CA and a client certificate polls a TLS-only Redis', async () => {
    const { tlsPort } = await tlsRedis('yes');
    const e = await exporter({ 'redis.addr': `rediss://127.0.0.1:${tlsPort}`, 'tls-ca-cert-file': certs.ca, 'tls-client-cert-file': certs.clientCert, 'tls-client-key-file': certs.clientKey });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up over TLS' },
    );
  });

  it('an unknown CA fails the handshake with reason tls; skip-verification connects and warns loudly', async () => {
    const { tlsPort } = await tlsRedis('no');
    const strict = await exporter({ 'redis.addr': `rediss://127.0.0.1:${tlsPort}` });
    const m = await waitFor(
      () => strict.metrics(),
      (x) => (x.get('redis_vitals_poll_errors_total', { reason: 'tls' }) ?? 0) >= 1,
      { what: 'tls error' },
    );
    expect(m.get('redis_up')).toBe(0);
    expect(strict.logs.some((l) => l.includes('TLS handshake failed'))).toBe(true);
    const lax = await exporter({ 'redis.addr': `rediss://127.0.0.1:${tlsPort}`, 'skip-tls-verification': 'true' });
    await waitFor(
      () => lax.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'up without verification' },
    );
    expect(lax.logs.some((l) => l.includes('TLS certificate verification is OFF'))).toBe(true);
  });
});

function httpsGet(url: string, auth?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: readFileSync(certs.ca), headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the exporter's own HTTP: TLS and basic auth (--web.config.file)", () => {
  it('serves HTTPS; no credentials → 401, wrong → 401, right → 200; /-/healthy stays open', async () => {
    const redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'rv-web-'));
    const hash = bcrypt.hashSync('scrape-Pa55-grep-me', 4).replace(/^\$2b\$/, '$2y$');
    const webConfig = join(dir, 'web.yml');
    writeFileSync(webConfig, `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${certs.serverKey}\nbasic_auth_users:\n  prometheus: '${hash}'\n`);
    const e = await exporter({ 'redis.addr': redis.url, 'web.config.file': webConfig });
    const base = e.url.replace('http://', 'https://');
    expect((await httpsGet(`${base}/metrics`)).status).toBe(401);
    expect((await httpsGet(`${base}/metrics`, 'prometheus:wrong')).status).toBe(401);
    expect((await httpsGet(`${base}/doctor`, 'someone:scrape-Pa55-grep-me')).status).toBe(401);
    const ok = await waitFor(
      () => httpsGet(`${base}/metrics`, 'prometheus:scrape-Pa55-grep-me'),
      (r) => r.status === 200 && parseExposition(r.body).get('redis_up') === 1,
      { what: 'authorised scrape' },
    );
    expect(ok.body).toContain('redis_up 1');
    expect((await httpsGet(`${base}/-/healthy`)).status).toBe(200);
    expect(e.logs.join('\n')).not.toContain('scrape-Pa55-grep-me');
  });

  it('rejects a web config with a plain-text password or a missing key file', async () => {
    const { loadWebConfig } = await import('../../src/config/web-config.js');
    const dir = mkdtempSync(join(tmpdir(), 'rv-web-'));
    writeFileSync(join(dir, 'a.yml'), 'basic_auth_users:\n  u: plaintext\n');
    expect(() => loadWebConfig(join(dir, 'a.yml'))).toThrowError(/basic_auth_users.u must be a bcrypt hash/);
    writeFileSync(join(dir, 'b.yml'), `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: /nonexistent.key\n`);
    expect(() => loadWebConfig(join(dir, 'b.yml'))).toThrowError(/key_file \/nonexistent.key: ENOENT/);
  });
});

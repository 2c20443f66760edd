import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startWeb } from '../../src/http/web.js';
import { depsWithoutTargets } from '../helpers/web-deps.js';
import { makeCerts, makeExtraClientCerts, type ExtraClientCerts, type TestCerts } from '../helpers/certs.js';

/**
 * Issue 12 item 14: tls_server_config.client_auth_type means what it means in Prometheus's
 * exporter-toolkit (Go's crypto/tls ClientAuthType), checked with openssl-made certificates:
 * one the client CA signed, one another CA signed, a self-signed one, and none.
 */
type Client = 'trusted' | 'untrusted' | 'self-signed' | 'none';
const CLIENTS: Client[] = ['trusted', 'untrusted', 'self-signed', 'none'];

/** Go's semantics: which client gets an HTTP answer under each mode. */
const ACCEPTS: Record<string, readonly Client[]> = {
  NoClientCert: ['trusted', 'untrusted', 'self-signed', 'none'],
  RequestClientCert: ['trusted', 'untrusted', 'self-signed', 'none'],
  RequireAnyClientCert: ['trusted', 'untrusted', 'self-signed'],
  VerifyClientCertIfGiven: ['trusted', 'none'],
  RequireAndVerifyClientCert: ['trusted'],
};

let certs: TestCerts;
let extra: ExtraClientCerts;
let dir: string;
beforeAll(() => {
  certs = makeCerts();
  extra = makeExtraClientCerts(certs);
  dir = mkdtempSync(join(tmpdir(), 'rv-client-auth-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

function clientFiles(who: Client): { cert?: Buffer; key?: Buffer } {
  const pair: Record<Client, [string, string] | undefined> = {
    trusted: [certs.clientCert, certs.clientKey],
    untrusted: [extra.untrustedCert, extra.untrustedKey],
    'self-signed': [extra.selfSignedCert, extra.selfSignedKey],
    none: undefined,
  };
  const p = pair[who];
  return p ? { cert: readFileSync(p[0]), key: readFileSync(p[1]) } : {};
}

/** 'ok' when the server answered 200; else how the connection ended. */
function get(port: number, who: Client): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/-/healthy', ca: readFileSync(certs.ca), servername: 'localhost', agent: false, ...clientFiles(who) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : `status ${res.statusCode}`));
    });
    req.on('error', (err) => resolve(`refused (${(err as NodeJS.ErrnoException).code ?? err.message})`));
    req.end();
  });
}

describe('web TLS client_auth_type (exporter-toolkit semantics)', () => {
  for (const [mode, accepted] of Object.entries(ACCEPTS)) {
    it(mode, async () => {
      const needsCa = mode === 'VerifyClientCertIfGiven' || mode === 'RequireAndVerifyClientCert';
      const file = join(dir, `${mode}.yml`);
      writeFileSync(file, `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${certs.serverKey}\n  client_auth_type: ${mode}\n${needsCa ? `  client_ca_file: ${certs.ca}\n` : ''}`);
      const config = loadConfig(
        new Map([
          ['redis.addr', 'redis://127.0.0.1:1'],
          ['web.config.file', file],
        ]),
        {},
      );
      const app = await startWeb(depsWithoutTargets(config));
      await app.listen('127.0.0.1', 0);
      try {
        const port = (app.server.address() as AddressInfo).port;
        const got: Record<string, string> = {};
        for (const who of CLIENTS) got[who] = await get(port, who);
        const expected = Object.fromEntries(CLIENTS.map((who) => [who, accepted.includes(who)]));
        expect(Object.fromEntries(CLIENTS.map((who) => [who, got[who] === 'ok'])), JSON.stringify(got)).toEqual(expected);
      } finally {
        await app.close();
      }
    });
  }
});

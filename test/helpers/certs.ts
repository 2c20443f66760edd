import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './redis-server.js';

export interface TestCerts {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

/** A throwaway CA with a server certificate for 127.0.0.1/localhost and a client certificate (openssl). */
export function makeCerts(): TestCerts {
  requireBinary('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'rv-certs-'));
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=redis-vitals test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  for (const who of ['server', 'client']) {
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who === 'server' ? 'localhost' : 'redis-vitals'}`, '-keyout', `${who}.key`, '-out', `${who}.csr`]);
    const ext = join(dir, `${who}.ext`);
    spawnSync('sh', ['-c', `printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ${ext}`]);
    run(['x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', `${who}.crt`]);
  }
  return { dir, ca: join(dir, 'ca.crt'), serverCert: join(dir, 'server.crt'), serverKey: join(dir, 'server.key'), clientCert: join(dir, 'client.crt'), clientKey: join(dir, 'client.key') };
}

export interface ExtraClientCerts {
  /** Signed by a second CA the server does not trust. */
  readonly untrustedCert: string;
  readonly untrustedKey: string;
  /** Signed by its own key. */
  readonly selfSignedCert: string;
  readonly selfSignedKey: string;
}

/** Client certificates a server trusting only `certs.ca` must tell apart (openssl, in certs.dir). */
export function makeExtraClientCerts(certs: TestCerts): ExtraClientCerts {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: certs.dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=some other CA', '-keyout', 'other-ca.key', '-out', 'other-ca.crt']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=untrusted client', '-keyout', 'untrusted.key', '-out', 'untrusted.csr']);
  run(['x509', '-req', '-in', 'untrusted.csr', '-CA', 'other-ca.crt', '-CAkey', 'other-ca.key', '-CAcreateserial', '-days', '2', '-out', 'untrusted.crt']);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=self-signed client', '-keyout', 'self.key', '-out', 'self.crt']);
  const p = (f: string) => join(certs.dir, f);
  return { untrustedCert: p('untrusted.crt'), untrustedKey: p('untrusted.key'), selfSignedCert: p('self.crt'), selfSignedKey: p('self.key') };
}

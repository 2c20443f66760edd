import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../helpers/certs.js';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { startFakeRedis } from '../helpers/fake-redis.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 1: TLS files are read before any socket exists. Unreadable at start-up: one
 * line, exit 2. Gone later: a `tls` poll error naming the file, no connection opened, and a
 * refused connect never crashes the process.
 */
const certs = makeCerts();
const children: { kill(): void }[] = [];
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.kill();
  for (const s of stops) await s();
});

function serve(args: string[]) {
  const cli = spawnCli(['--poll.interval', '100ms', '--poll.timeout', '500ms', '--log-level', 'debug', ...args]);
  children.push({ kill: () => cli.child.kill('SIGKILL') });
  return cli;
}

describe('TLS files unreadable at start-up', () => {
  const missing = join(tmpdir(), 'rv-no-such-dir', 'missing.pem');
  const cases: [string, string[]][] = [
    ['CA', ['--tls-ca-cert-file', missing]],
    ['client certificate', ['--tls-client-cert-file', missing, '--tls-client-key-file', certs.clientKey]],
    ['client key', ['--tls-client-cert-file', certs.clientCert, '--tls-client-key-file', missing]],
    ['CA that is not PEM', ['--tls-ca-cert-file', join(certs.dir, 'server.ext')]],
  ];
  it.each(cases)('%s: one line naming the file, exit 2, nothing dialled', async (_name, flags) => {
    const fake = await startFakeRedis();
    stops.push(() => fake.stop());
    const port = await freePort();
    const cli = serve(['--redis.addr', `rediss://127.0.0.1:${fake.port}`, '--web.listen-address', `127.0.0.1:${port}`, ...flags]);
    // Today's bug: start-up succeeds; waitFor then times out and the test fails.
    await waitFor(
      () => cli.child.exitCode,
      (c) => c !== null,
      { what: 'the exporter to exit', timeoutMs: 30_000 },
    );
    expect(cli.child.exitCode).toBe(2);
    const lines = cli.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^redis-vitals: .*tls/i);
    expect(lines[0]).toContain(flags.includes(missing) ? missing : 'server.ext');
    expect(fake.accepted).toBe(0);
  });
});

describe('a TLS file that goes away while running', () => {
  it('is a tls poll error naming the file; no socket is opened; a refused connect does not crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-tls-later-'));
    const ca = join(dir, 'ca.crt');
    copyFileSync(certs.ca, ca);
    // Plain TCP: the TLS handshake never completes, so every poll reconnects and reads the files.
    const fake = await startFakeRedis(() => null);
    stops.push(() => fake.stop());
    const port = await freePort();
    const cli = serve(['--redis.addr', `rediss://127.0.0.1:${fake.port}`, '--tls-ca-cert-file', ca, '--web.listen-address', `127.0.0.1:${port}`]);
    const metrics = async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    await waitFor(
      () => metrics(),
      (m) => (m.get('redis_vitals_poll_errors_total', { reason: 'tls' }) ?? 0) >= 1,
      { what: 'a first tls error' },
    );
    rmSync(ca);
    const doctor = async () => (await fetch(`http://127.0.0.1:${port}/doctor.json`)).text();
    await waitFor(
      () => doctor(),
      (t) => t.includes(ca) && /TLS/i.test(t),
      { what: 'a TLS error naming the CA file on /doctor.json' },
    );
    const acceptedAfterRemoval = fake.accepted;
    const m0 = await metrics();
    const tls0 = m0.get('redis_vitals_poll_errors_total', { reason: 'tls' }) ?? 0;
    await waitFor(
      () => metrics(),
      (m) => (m.get('redis_vitals_poll_errors_total', { reason: 'tls' }) ?? 0) >= tls0 + 3,
      { what: 'three more tls errors' },
    );
    expect(fake.accepted).toBe(acceptedAfterRemoval);
    // Redis goes away entirely (connect refused): still alive, still reporting.
    await fake.stop();
    copyFileSync(certs.ca, ca);
    await waitFor(
      () => metrics(),
      (m) => (m.get('redis_vitals_poll_errors_total', { reason: 'connection_refused' }) ?? 0) >= 3,
      { what: 'three refused connects' },
    );
    expect(cli.child.exitCode).toBeNull();
    expect((await metrics()).get('redis_up')).toBe(0);
  });
});

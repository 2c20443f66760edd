import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/package/bundle.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 5, in the form users run: bcrypt must run on its worker thread in
 * bundle/redis-vitals.cjs too. The bundle has no node_modules beside it, so the worker gets
 * bcryptjs as text inlined at build time; had that failed, compares would quietly fall back to
 * the main thread, where a wrong-password flood slows every /metrics answer. The worker's
 * start and any fallback are logged; this runs the bundle from a directory with no
 * node_modules above it and reads those lines.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rv-bundle-auth-'));
let cli: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  cli = await bundle(root, join(dir, 'bundle'));
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stopAllRedis();
  rmSync(dir, { recursive: true, force: true });
});

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('basic auth in the bundled CLI', () => {
  it('checks passwords on the bcrypt worker thread, not the main thread', async () => {
    const redis = await startRedis();
    const webConfig = join(dir, 'web.yml');
    writeFileSync(webConfig, `basic_auth_users:\n  prometheus: '${bcrypt.hashSync('right-pass', 4)}'\n`);
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [cli, '--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', webConfig, '--log-level', 'debug', '--log-format', 'json'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const url = `http://127.0.0.1:${port}/metrics`;
    const status = (auth: string) =>
      fetch(url, { headers: { authorization: auth } })
        .then((r) => r.status)
        .catch(() => 0);
    await waitFor(
      () => status(basic('prometheus', 'wrong-pass')),
      (s) => s === 401,
      { what: 'a wrong password refused' },
    );
    expect(await status(basic('prometheus', 'right-pass'))).toBe(200);
    expect(await status(basic('nobody', 'right-pass'))).toBe(401);
    await waitFor(
      () => out,
      (o) => o.includes('bcrypt worker started') || o.includes('bcrypt worker unavailable'),
      { what: 'the bcrypt worker to report' },
    );
    expect(out).not.toContain('bcrypt worker unavailable');
    expect(out).toContain('bcrypt worker started');
  });
});

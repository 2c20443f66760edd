import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors.js';
import { buildServer } from '../../src/http/app.js';
import { depsWithoutTargets } from '../helpers/web-deps.js';
import { makeCerts, type TestCerts } from '../helpers/certs.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 12 item 12: every bad setting is one line naming the setting, exit 2 (3 for check and
 * doctor), never a stack-like message or exit 1; and values that used to be silently accepted
 * (or silently ignored) are refused.
 */
let dir: string;
let certs: TestCerts;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rv-config-errors-'));
  certs = makeCerts();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The ConfigError message loadConfig throws, or '' when it accepts the settings. */
function refusal(flags: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    loadConfig(new Map(Object.entries(flags)), env);
    return '';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.message.split('\n')).toHaveLength(1);
    return err.message;
  }
}

describe('one clear line, exit 2 (3 for check/doctor)', () => {
  it('a malformed % escape in the address', () => {
    expect(refusal({ 'redis.addr': 'redis://user:pa%zzss@localhost:6379' })).toMatch(/^--redis\.addr: .*% escape/);
    const r = runCli(['--redis.addr', 'redis://:%E0%A4%A@localhost:6379']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^redis-vitals: --redis\.addr: /);
    expect(r.stderr).not.toContain('URI malformed');
  });

  it('a web config file that is a list, not a mapping', () => {
    const list = file('list.yml', '- tls_server_config\n- basic_auth_users\n');
    expect(refusal({ 'web.config.file': list })).toMatch(/--web\.config\.file: .*list\.yml: its top level must be a mapping/);
    const r = runCli(['--web.config.file', list]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const c = runCli(['check', '--web.config.file', list]);
    expect(c.status).toBe(3);
  });

  it('a web config with a bad PEM names the file', () => {
    const bad = file('bad.pem', 'not a certificate\n');
    const certFile = file('web-cert.yml', `tls_server_config:\n  cert_file: ${bad}\n  key_file: ${certs.serverKey}\n`);
    expect(refusal({ 'web.config.file': certFile })).toMatch(new RegExp(`cert_file ${bad}: not a PEM certificate`));
    const keyFile = file('web-key.yml', `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${bad}\n`);
    expect(refusal({ 'web.config.file': keyFile })).toMatch(new RegExp(`key_file ${bad}: not a PEM private key`));
    const caFile = file(
      'web-ca.yml',
      `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${certs.serverKey}\n  client_ca_file: ${bad}\n  client_auth_type: RequireAndVerifyClientCert\n`,
    );
    expect(refusal({ 'web.config.file': caFile })).toMatch(new RegExp(`client_ca_file ${bad}: not a PEM certificate`));
    const mismatch = file('web-mismatch.yml', `tls_server_config:\n  cert_file: ${certs.serverCert}\n  key_file: ${certs.clientKey}\n`);
    expect(refusal({ 'web.config.file': mismatch })).toMatch(/key_file .* does not match cert_file/);
    const r = runCli(['--web.config.file', keyFile]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(bad);
  });

  it('web config sections that are not mappings', () => {
    expect(refusal({ 'web.config.file': file('s1.yml', 'tls_server_config: yes\n') })).toMatch(/tls_server_config must be a mapping/);
    expect(refusal({ 'web.config.file': file('s2.yml', 'basic_auth_users:\n  - a\n') })).toMatch(/basic_auth_users must be a mapping/);
  });

  it('--web.telemetry-path colliding with another route, or holding route syntax', () => {
    for (const path of ['/doctor', '/doctor.json', '/scrape', '/discover', '/-/healthy', '/-/ready', '/']) {
      expect(refusal({ 'web.telemetry-path': path }), path).toMatch(/^--web\.telemetry-path: .* is already a route/);
    }
    for (const path of ['/:x', '/m*', '/a?b', '/a#b']) expect(refusal({ 'web.telemetry-path': path }), path).toMatch(/^--web\.telemetry-path: /);
    expect(refusal({ 'web.telemetry-path': '/probe/metrics' })).toBe('');
    const r = runCli(['--web.telemetry-path', '/doctor']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('refused instead of silently accepted', () => {
  it('port 0', () => {
    expect(refusal({ 'web.listen-address': ':0' })).toMatch(/^--web\.listen-address: /);
    expect(refusal({ 'redis.addr': 'redis://localhost:0' })).toMatch(/^--redis\.addr: .*port/);
  });

  it('a database number that is not plain digits or is out of range', () => {
    for (const db of ['1e3', '99999999999999999999', '0x10', '+1', '2147483648']) {
      expect(refusal({ 'redis.addr': `redis://localhost:6379/${db}` }), db).toMatch(/^--redis\.addr: .*database number/);
    }
    expect(refusal({ 'redis.addr': 'redis://localhost:6379/15' })).toBe('');
  });

  it('0x10, 1e1 and 1.0 as integers', () => {
    for (const v of ['0x10', '1e1', '1.0', ' ', '']) expect(refusal({ 'poll.concurrency': v }), v).toMatch(/^--poll\.concurrency: .* whole number/);
    expect(refusal({ 'bigkeys.top': '0x10' })).toMatch(/^--bigkeys\.top: /);
    expect(refusal({ 'shard.count': '0x2' })).toMatch(/^--shard\.count: /);
  });

  it('nested YAML label values, skip-verify: maybe', () => {
    const nested = file('nested.yml', 'targets:\n  - addr: redis://localhost:6379\n    labels:\n      team: {name: x}\n');
    expect(refusal({ 'config.file': nested })).toMatch(/targets\[0\]\.labels: "team" must be a single value/);
    const nullLabel = file('null.yml', 'targets:\n  - addr: redis://localhost:6379\n    labels:\n      team:\n');
    expect(refusal({ 'config.file': nullLabel })).toMatch(/targets\[0\]\.labels: "team" must be a single value/);
    const maybe = file('maybe.yml', 'targets:\n  - addr: rediss://localhost:6379\n    tls:\n      skip-verify: maybe\n');
    expect(refusal({ 'config.file': maybe })).toMatch(/targets\[0\]\.tls: "skip-verify": "maybe" is not true or false/);
    const yes = file('yes.yml', 'targets:\n  - addr: rediss://localhost:6379\n    tls:\n      skip-verify: true\n');
    expect(refusal({ 'config.file': yes })).toBe('');
  });

  it('redis.addr (or its credentials) beside targets:', () => {
    const both = file('both.yml', 'redis.addr: redis://other:6379\ntargets:\n  - addr: redis://localhost:6379\n');
    expect(refusal({ 'config.file': both })).toMatch(/redis\.addr .* targets/);
    const targetsOnly = file('targets.yml', 'targets:\n  - addr: redis://localhost:6379\n');
    expect(refusal({ 'config.file': targetsOnly, 'redis.addr': 'redis://x:6379' })).toMatch(/redis\.addr .* targets/);
    expect(refusal({ 'config.file': targetsOnly }, { REDIS_PASSWORD: 'pw' })).toMatch(/redis\.password .* targets/);
    expect(refusal({ 'config.file': targetsOnly })).toBe('');
  });

  it('/doctor?refresh=0x10 is a 400', async () => {
    const config = loadConfig(new Map([['redis.addr', 'redis://127.0.0.1:1']]), {});
    const app = await buildServer(depsWithoutTargets(config));
    try {
      for (const v of ['0x10', '1e1', '5.0', '-1', '86401']) expect((await app.inject({ url: `/doctor?refresh=${v}` })).statusCode, v).toBe(400);
      expect((await app.inject({ url: '/doctor?refresh=10' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the route list --web.telemetry-path is checked against', () => {
  it('names every route the server registers', async () => {
    const { FIXED_ROUTES } = await import('../../src/config/routes.js');
    const config = loadConfig(
      new Map([
        ['redis.addr', 'redis://127.0.0.1:1'],
        ['web.telemetry-path', '/m'],
      ]),
      {},
    );
    const app = await buildServer(depsWithoutTargets(config));
    try {
      await app.ready();
      for (const url of FIXED_ROUTES) expect(app.hasRoute({ method: 'GET', url }), url).toBe(true);
      // One line per route in Fastify's tree: a route added to the server but not to the list fails here.
      const routes = app
        .printRoutes({ commonPrefix: false })
        .split('\n')
        .filter((l) => l.includes('(GET'));
      expect(routes).toHaveLength(FIXED_ROUTES.length + 1);
    } finally {
      await app.close();
    }
  });
});

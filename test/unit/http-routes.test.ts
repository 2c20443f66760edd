import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { FAMILIES as INFO_FAMILIES } from '../../src/collectors/info-fields.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { renderFamilies } from '../../src/exposition/text-format.js';
import { buildServer } from '../../src/http/app.js';
import { startWeb, type Web } from '../../src/http/web.js';
import { QueueFullError } from '../../src/poll/limiter.js';
import { Poller } from '../../src/poll/poller.js';
import { FAMILIES as POLL_FAMILIES } from '../../src/poll/run-poll.js';
import { makeSnapshot } from '../../src/poll/snapshot.js';
import { TargetSet } from '../../src/targets/target-set.js';

/**
 * Every HTTP route, without a socket, a Redis or a process: requests are injected with Fastify's
 * own inject engine (light-my-request, what fastify.inject() uses) into the request listener of
 * the server startWeb() builds, so they pass the front (basic auth, the /metrics and probe fast
 * paths) and then the Fastify routes, as a client's would. The targets are real Pollers whose
 * poll is a function returning a snapshot.
 */
interface Injected {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json<T = unknown>(): T;
}
type Dispatch = (req: IncomingMessage, res: ServerResponse) => void;
type LightMyRequest = (dispatch: Dispatch, opts: { url: string; method?: string; headers?: Record<string, string> }) => Promise<Injected>;
// The copy Fastify depends on (the project pins its version in package.json overrides).
const lightMyRequest = createRequire(createRequire(import.meta.url).resolve('fastify'))('light-my-request') as LightMyRequest;

const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';
const silent = pino({ level: 'silent' });

function snapshotOf(target: string) {
  const sink = new SampleSink();
  sink.emit(POLL_FAMILIES.up, 1);
  const clients = INFO_FAMILIES.find((f) => f.name === 'redis_connected_clients');
  if (!clients) throw new Error('redis_connected_clients is not declared');
  sink.emit(clients, 7);
  return makeSnapshot({
    target,
    up: true,
    polledAt: 1_800_000_000,
    durationSeconds: 0.01,
    families: renderFamilies(sink.samples),
    error: undefined,
    collectors: new Map([['info', true]]),
    findings: [],
  });
}

interface Setup {
  readonly app: { inject(opts: string | { url: string; method?: string; headers?: Record<string, string> }): Promise<Injected>; close(): Promise<void> };
  readonly poller: Poller;
  readonly self: SelfMetrics;
}

/** Requests into the server's one 'request' listener, as node:http would deliver them. */
function injector(web: Web): Setup['app'] {
  const [listener] = web.server.listeners('request') as Dispatch[];
  if (!listener) throw new Error('startWeb left no request listener on its server');
  return { inject: (opts) => lightMyRequest(listener, typeof opts === 'string' ? { url: opts } : opts), close: () => web.close() };
}

function configOf(flags: Record<string, string>) {
  return loadConfig(new Map(Object.entries({ 'redis.addr': 'redis://127.0.0.1:1', 'host.collect': 'off', ...flags })), {});
}

async function setup(flags: Record<string, string> = {}, adhoc?: (addr: string, signal: AbortSignal) => Promise<string>): Promise<Setup> {
  const config = configOf(flags);
  const self = new SelfMetrics({ defaultMetrics: false, compat: true });
  const targets = new TargetSet((t) => new Poller({ target: t.name, intervalMs: 60_000, poll: async () => ({ snapshot: snapshotOf(t.name), extras: {} }) }), false);
  const [seed] = config.targets;
  if (!seed) throw new Error('no target in config');
  const entry = targets.add(seed);
  if (!entry) throw new Error('target not added');
  const web = await startWeb({ config, targets, self, logger: silent, ...(adhoc ? { adhoc } : {}) });
  return { app: injector(web), poller: entry.poller, self };
}

describe('HTTP routes (injected, no socket)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => {
    await s.app.close();
  });

  it('/-/ready is 503 until the first poll completes, then 200; /-/healthy is always 200', async () => {
    const before = await s.app.inject({ url: '/-/ready' });
    expect(before.statusCode).toBe(503);
    expect(before.headers['content-type']).toMatch(/^text\/plain/);
    expect(before.body).toBe('Waiting for the first poll\n');
    expect((await s.app.inject({ url: '/-/healthy' })).body).toBe('OK\n');
    await s.poller.pollOnce();
    const after = await s.app.inject({ url: '/-/ready' });
    expect([after.statusCode, after.body]).toEqual([200, 'Ready\n']);
  });

  it('/metrics serves the snapshot and the process-wide series as exposition text', async () => {
    await s.poller.pollOnce();
    const r = await s.app.inject({ url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe(EXPOSITION);
    expect(r.body).toMatch(/^redis_up 1$/m);
    expect(r.body).toMatch(/^redis_connected_clients 7$/m);
    expect(r.body).toMatch(/^redis_vitals_build_info\{version="[^"]+",node_version="v[^"]+"\} 1$/m);
    expect(r.body).toContain('# TYPE redis_up gauge\n');
  });

  it('/scrape?target= serves a known target; unknown, missing or repeated targets are a 404 counted as a scrape error', async () => {
    await s.poller.pollOnce();
    const name = s.poller.snapshot.target;
    const ok = await s.app.inject({ url: `/scrape?target=${encodeURIComponent(name)}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe(EXPOSITION);
    expect(ok.body).toMatch(/^redis_connected_clients 7$/m);
    const errors = async () => Number(/^redis_target_scrape_request_errors_total (\d+)$/m.exec(await s.self.render())?.[1]);
    const before = await errors();
    for (const url of ['/scrape?target=nope', '/scrape', '/scrape?target=', `/scrape?target=${encodeURIComponent(name)}&target=x`]) {
      const r = await s.app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^text\/plain/);
      expect(r.body, url).toBe('unknown target: use a name listed at /discover\n');
    }
    expect(await errors()).toBe(before + 4);
  });

  it('/discover lists the targets as HTTP service discovery JSON', async () => {
    const r = await s.app.inject({ url: '/discover' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json()).toEqual([{ targets: [s.poller.snapshot.target], labels: {} }]);
  });

  it('/doctor is an HTML page; refresh must be whole seconds from 0 to 86400', async () => {
    await s.poller.pollOnce();
    const page = await s.app.inject({ url: '/doctor' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/^<!doctype html>/i);
    expect((await s.app.inject({ url: '/doctor?refresh=0' })).statusCode).toBe(200);
    expect((await s.app.inject({ url: '/doctor?refresh=86400' })).statusCode).toBe(200);
    for (const bad of ['86401', 'abc', '-1', '1.5', '', '123456']) {
      const r = await s.app.inject({ url: `/doctor?refresh=${bad}` });
      expect(r.statusCode, bad).toBe(400);
      expect(r.headers['content-type'], bad).toMatch(/^text\/plain/);
      expect(r.body, bad).toBe('refresh must be whole seconds from 0 (off) to 86400\n');
    }
  });

  it('/doctor.json reports each target with a generation time', async () => {
    const r = await s.app.inject({ url: '/doctor.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = r.json<{ generatedAt: string; targets: { target: string }[] }>();
    expect(Number.isNaN(Date.parse(body.generatedAt))).toBe(false);
    expect(body.targets.map((t) => t.target)).toEqual([s.poller.snapshot.target]);
  });

  it('/ links every route; an unknown path is a 404; a POST is not served', async () => {
    const index = await s.app.inject({ url: '/' });
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const href of ['/metrics', '/doctor', '/doctor.json', '/discover', '/-/healthy', '/-/ready']) expect(index.body).toContain(`href="${href}"`);
    expect((await s.app.inject({ url: '/nope' })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: '/metrics' })).statusCode).toBe(404);
  });
});

describe('HTTP routes: --web.telemetry-path', () => {
  it('serves the metrics at the configured path only', async () => {
    const s = await setup({ 'web.telemetry-path': '/stats' });
    await s.poller.pollOnce();
    expect((await s.app.inject({ url: '/stats' })).body).toMatch(/^redis_up 1$/m);
    expect((await s.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await s.app.inject({ url: '/' })).body).toContain('href="/stats"');
    await s.app.close();
  });
});

describe('HTTP routes: ad-hoc /scrape', () => {
  it('an allowed address is polled; its failure is a 403 with the reason, a full queue a 503', async () => {
    const answers: Record<string, () => Promise<string>> = {
      'redis://10.0.0.1:6379': async () => 'redis_up 1\n',
      'redis://10.0.0.2:6379': async () => Promise.reject(new Error('address not allowed by --scrape.allow-addresses')),
      'redis://10.0.0.3:6379': async () => Promise.reject(new QueueFullError()),
    };
    const s = await setup({ 'scrape.allow-addresses': '10.0.0.0/8' }, (addr) => (answers[addr] ?? (() => Promise.reject(new Error('unexpected'))))());
    const ok = await s.app.inject({ url: '/scrape?target=redis://10.0.0.1:6379' });
    expect([ok.statusCode, ok.headers['content-type'], ok.body]).toEqual([200, EXPOSITION, 'redis_up 1\n']);
    const refused = await s.app.inject({ url: '/scrape?target=redis://10.0.0.2:6379' });
    expect([refused.statusCode, refused.body]).toEqual([403, 'address not allowed by --scrape.allow-addresses\n']);
    const busy = await s.app.inject({ url: '/scrape?target=redis://10.0.0.3:6379' });
    expect([busy.statusCode, busy.body]).toEqual([503, 'too many ad-hoc scrapes waiting (--scrape.queue); retry later\n']);
    await s.app.close();
  });
});

describe('HTTP routes: basic auth (web config file)', () => {
  let dir: string;
  let s: Setup;
  const header = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vitals-web-'));
    const file = join(dir, 'web.yml');
    // Cost 4: the lowest bcrypt allows, to keep the test quick; the check is the same at any cost.
    writeFileSync(file, `basic_auth_users:\n  prometheus: ${bcrypt.hashSync('s3cret', 4)}\n`);
    s = await setup({ 'web.config.file': file });
    await s.poller.pollOnce();
  });
  afterAll(async () => {
    await s.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a request without or with wrong credentials: 401 with a Basic challenge, no metrics', async () => {
    for (const headers of [{}, header('prometheus', 'wrong'), header('nobody', 's3cret'), { authorization: 'Bearer x' }, { authorization: 'Basic !!!' }]) {
      const r = await s.app.inject({ url: '/metrics', headers });
      expect(r.statusCode, JSON.stringify(headers)).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Basic realm="redis-vitals"');
      expect(r.body).toBe('Unauthorized\n');
    }
    expect((await s.app.inject({ url: '/doctor.json' })).statusCode).toBe(401);
  });

  it('serves every route to the right credentials, and /-/healthy without any', async () => {
    const r = await s.app.inject({ url: '/metrics', headers: header('prometheus', 's3cret') });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/^redis_up 1$/m);
    expect((await s.app.inject({ url: '/-/ready', headers: header('prometheus', 's3cret') })).statusCode).toBe(200);
    expect((await s.app.inject({ url: '/-/healthy' })).body).toBe('OK\n');
  });

  it('answers without credentials exactly the paths SECURITY.md says are open by design', async () => {
    const security = readFileSync(new URL('../../SECURITY.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const clause = /\(only ([^)]*) (?:is|are) open by design\)/.exec(security)?.[1] ?? '';
    const promised = [...clause.matchAll(/`(\/[^`]*)`/g)].map((m) => m[1] as string).sort();
    expect(promised).toContain('/-/healthy');
    const paths = ['/', '/metrics', '/scrape?target=redis://127.0.0.1:6379', '/discover', '/doctor', '/doctor.json', '/-/healthy', '/-/ready', '/health', '/nope'];
    const open: string[] = [];
    for (const url of paths) if ((await s.app.inject({ url })).statusCode !== 401) open.push(url);
    expect(open.sort()).toEqual(promised);
    // docs/deploy.md's basic-auth paragraph says the same.
    const deploy = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const except = /Every path requires the credentials except ([^,]*(?:,[^,]*)?), so liveness probes need none/.exec(deploy)?.[1] ?? '';
    expect([...except.matchAll(/`(\/[^`]*)`/g)].map((m) => m[1] as string).sort()).toEqual(promised);
  });

  it('never echoes the credentials it refused', async () => {
    const r = await s.app.inject({ url: '/metrics', headers: header('prometheus', 'leaked-password') });
    expect(r.body).not.toContain('leaked-password');
    expect(JSON.stringify(r.headers)).not.toContain('leaked-password');
  });
});

describe('HTTP routes: the front answers as the Fastify routes do', () => {
  it('/metrics and the probes: same status, content type and body from the fast path and from fastify.inject()', async () => {
    const s = await setup();
    // The same poller behind both: one TargetSet per server, as each builds its own.
    const config = configOf({});
    const shared = new TargetSet(() => s.poller, false);
    shared.add(config.targets[0] as (typeof config.targets)[number]);
    const app = await buildServer({ config, targets: shared, self: new SelfMetrics({ defaultMetrics: false, compat: true }), logger: silent });
    const viaFastify = app as unknown as { inject: Setup['app']['inject'] };
    // Before the first poll, then after it: both answers of /-/ready.
    for (const round of [0, 1]) {
      if (round === 1) await s.poller.pollOnce();
      for (const url of ['/-/healthy', '/-/ready']) {
        const [front, fastify] = [await s.app.inject(url), await viaFastify.inject(url)];
        expect([front.statusCode, front.headers['content-type'], front.body], url).toEqual([fastify.statusCode, fastify.headers['content-type'], fastify.body]);
      }
    }
    const front = await s.app.inject('/metrics');
    const fastify = await app.inject({ url: '/metrics' });
    expect(front.headers['content-type']).toBe(fastify.headers['content-type']);
    expect(front.statusCode).toBe(fastify.statusCode);
    await app.close();
    await s.app.close();
  });
});

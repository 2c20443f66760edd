import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, type RedisHandle } from '../helpers/redis-server.js';

/**
 * /metrics and the probes are answered ahead of Fastify (src/http/front.ts), which is built on
 * the first request for anything else. What a client sees must not change: same status, headers
 * and body as the Fastify route, and no request lost or answered differently while Fastify is
 * being built.
 */
interface Raw {
  readonly status: number;
  /** Header names and values as sent, in order, without Date (it changes by the second). */
  readonly headers: string[];
  readonly body: string;
}

function get(base: string, path: string, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i] !== 'Date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends bytes that are not HTTP and returns everything the server wrote before closing. */
function garbage(base: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => s.write('NOT HTTP AT ALL\r\n\r\n'));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

describe('the HTTP front: /metrics and probes without Fastify, the rest through it', () => {
  let redis: RedisHandle;
  let exporter: TestExporter;
  beforeAll(async () => {
    redis = await startRedis();
    // Polling off after the first poll, so two reads of /metrics see the same snapshot.
    exporter = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': '1h' });
  });
  afterAll(async () => {
    await exporter?.stop();
    await redis?.stop();
  });

  it("a malformed request gets Fastify's 400, once, before and after Fastify is built", async () => {
    const fastify400 = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 65\r\nContent-Type: application/json\r\n\r\n{"error":"Bad Request","message":"Client Error","statusCode":400}';
    expect(await garbage(exporter.url)).toBe(fastify400);
    await get(exporter.url, '/');
    expect(await garbage(exporter.url)).toBe(fastify400);
  });

  it('answers every request that arrives while Fastify is being built, each as its route does', async () => {
    const paths = ['/', '/doctor.json', '/discover', '/nope', '/-/healthy', '/metrics', '/-/ready', '/scrape?target=nobody'];
    // All sent at once, before anything has loaded Fastify: the first one starts the build, the rest queue or go around it.
    const got = await Promise.all([...paths, ...paths].map((p) => get(exporter.url, p)));
    const statusOf = (p: string) => got[paths.indexOf(p)]?.status;
    expect(statusOf('/')).toBe(200);
    expect(got[0]?.body).toMatch(/<h1>redis-vitals /);
    expect(statusOf('/doctor.json')).toBe(200);
    expect(JSON.parse(got[1]?.body ?? '')).toHaveProperty('targets');
    expect(statusOf('/discover')).toBe(200);
    expect(statusOf('/nope')).toBe(404);
    expect(statusOf('/-/healthy')).toBe(200);
    expect(statusOf('/metrics')).toBe(200);
    expect(statusOf('/scrape?target=nobody')).toBe(404);
    // The second round got the same answers as the first.
    for (const [i, p] of paths.entries()) {
      if (p === '/metrics' || p === '/-/ready' || p === '/doctor.json') continue; // timestamps, readiness may move
      expect(got[i + paths.length], p).toEqual(got[i]);
    }
  });

  it('the front answers /-/healthy, /-/ready and /metrics byte for byte as the Fastify routes do', async () => {
    await get(exporter.url, '/'); // Fastify built
    // A query string is not the front's: Fastify's route answers it (it ignores the query).
    for (const p of ['/-/healthy', '/-/ready']) {
      const front = await get(exporter.url, p);
      const fastify = await get(exporter.url, `${p}?via=fastify`);
      expect(front, p).toEqual(fastify);
    }
    const front = await get(exporter.url, '/metrics');
    const fastify = await get(exporter.url, '/metrics?via=fastify');
    expect(front.status).toBe(200);
    expect(front.headers.filter((h) => !h.startsWith('content-length'))).toEqual(fastify.headers.filter((h) => !h.startsWith('content-length')));
    expect(front.headers.some((h) => h.startsWith('content-length: '))).toBe(true);
    // Same series; only the process self-metrics' values may have moved between the two reads.
    const names = (b: string) => b.split('\n').filter((l) => l.startsWith('redis_'));
    expect(names(front.body)).toEqual(names(fastify.body));
  });

  it("HEAD and other methods on the metrics path are Fastify's", async () => {
    const head = await get(exporter.url, '/metrics', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(exporter.url, '/metrics', 'POST')).status).toBe(404);
  });
});

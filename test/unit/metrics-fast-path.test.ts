import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { frontHandler } from '../../src/http/front.js';
import type { BodyParts } from '../../src/http/metrics-body.js';
import { createLogger } from '../../src/log.js';

const logger = createLogger({ format: 'json', level: 'error', secrets: [] });
let server: Server | undefined;

/** The front handler on a node:http server, with a handler standing for Fastify's that counts what reaches it. */
async function serve(body: () => Buffer | Buffer[] | Readable, cached: () => Buffer | undefined) {
  const seen: string[] = [];
  const fastify = (req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(401).end('fastify\n');
  };
  const metrics = { path: '/metrics', contentType: 'text/plain; version=0.0.4; charset=utf-8', body: async () => parts(body()), cached, logger };
  server = createServer(frontHandler({ metrics, ready: () => true, loadFastify: async () => fastify, logger }));
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen };
}

/** A Buffer or a list of them as MetricsBody.getParts gives them. */
function parts(b: Buffer | Buffer[] | Readable): BodyParts | Readable {
  if (b instanceof Readable) return b;
  const list = Buffer.isBuffer(b) ? [b] : b;
  return { parts: list, length: list.reduce((n, p) => n + p.length, 0) };
}

afterEach(async () => {
  await new Promise((r) => server?.close(r));
});

describe('/metrics ahead of Fastify (front.ts)', () => {
  it('answers GET /metrics itself, with the exposition type and length, cached or not', async () => {
    const buf = Buffer.from('redis_up 1\n');
    let cached: Buffer | undefined;
    const { base, seen } = await serve(
      () => buf,
      () => cached,
    );
    for (const c of [undefined, buf]) {
      cached = c;
      const r = await fetch(`${base}/metrics`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(r.headers.get('content-length')).toBe(String(buf.length));
      expect(await r.text()).toBe('redis_up 1\n');
    }
    expect(seen).toEqual([]);
  });

  it('writes a body of several parts as they are, byte for byte, with their total length', async () => {
    // UTF-8 beyond ASCII, an empty part, and a part larger than a socket write.
    const list = [Buffer.from('redis_up 1\n# HELP x caf\u00e9 \u2014 \u{1f600}\n'), Buffer.alloc(0), Buffer.alloc(300_000, 'a'), Buffer.from('\nprocess_open_fds 9\n')];
    const { base } = await serve(
      () => list,
      () => undefined,
    );
    const r = await fetch(`${base}/metrics`);
    const joined = Buffer.concat(list);
    expect(r.headers.get('content-length')).toBe(String(joined.length));
    expect(Buffer.from(await r.arrayBuffer()).equals(joined)).toBe(true);
  });

  it('streams a body that is not kept', async () => {
    const { base } = await serve(
      () => Readable.from([Buffer.from('a 1\n'), Buffer.from('b 2\n')]),
      () => undefined,
    );
    const r = await fetch(`${base}/metrics`);
    expect(r.headers.get('content-length')).toBeNull();
    expect(await r.text()).toBe('a 1\nb 2\n');
  });

  it('leaves every other request to Fastify: other paths, a query string, HEAD', async () => {
    const { base, seen } = await serve(
      () => Buffer.from('x 1\n'),
      () => undefined,
    );
    await fetch(`${base}/doctor`);
    await fetch(`${base}/metrics?x=1`);
    await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect(await (await fetch(`${base}/metrics`)).text()).toBe('x 1\n');
    expect(seen).toEqual(['GET /doctor', 'GET /metrics?x=1', 'HEAD /metrics']);
  });
});

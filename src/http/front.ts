import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { BasicAuth } from './basic-auth.js';
import { serveMetrics, type FastPath } from './metrics-fast-path.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FrontOptions {
  readonly metrics: FastPath;
  /** Every target polled once (what /-/ready reports). */
  readonly ready: () => boolean;
  /** basic_auth_users, when configured: checked here, before any route, Fastify's included. */
  readonly auth?: BasicAuth;
  /** Builds the Fastify app on the server and returns its request handler; called once. */
  readonly loadFastify: () => Promise<Handler>;
  readonly logger: Logger;
}

// Fastify's answers, byte for byte: reply.type('text/plain') sends no charset, and Fastify names headers in lower case.
const PLAIN = 'text/plain';

function sendText(res: ServerResponse, status: number, text: string, extra?: Record<string, string>): void {
  res.writeHead(status, { ...extra, 'content-type': PLAIN, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The one 'request' listener of the exporter's server. Prometheus only ever asks for the metrics
 * path and probes for /-/healthy and /-/ready: those are answered here, from node:http, with the
 * status, headers and body the Fastify routes give. Anything else (/doctor, /scrape, /, a HEAD,
 * a query string, a 404) goes to Fastify, which is loaded and built on the first such request:
 * most exporters never load it (about 6 MB of RSS with ajv, find-my-way and friends; see
 * docs/performance.md). Requests arriving while it is being built wait for it, in order.
 */
export function frontHandler(o: FrontOptions): Handler {
  let fastify: Handler | undefined;
  let loading: Promise<Handler> | undefined;
  const toFastify = (req: IncomingMessage, res: ServerResponse) => {
    if (fastify) return fastify(req, res);
    loading ??= o.loadFastify().then(
      (h) => (fastify = h),
      (err: unknown) => {
        loading = undefined; // the next request tries again
        throw err;
      },
    );
    loading.then(
      (h) => h(req, res),
      (err: unknown) => {
        o.logger.error({ error: (err as Error).message }, 'HTTP server failed to start its routes');
        if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
      },
    );
  };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') {
      const url = req.url;
      if (url === o.metrics.path) return serveMetrics(res, o.metrics);
      if (url === '/-/healthy') return sendText(res, 200, 'OK\n');
      // redis_exporter's liveness path, as probes written for it ask (its body: `ok`).
      if (url === '/health') return sendText(res, 200, 'ok');
      if (url === '/-/ready') {
        const ready = o.ready();
        return sendText(res, ready ? 200 : 503, ready ? 'Ready\n' : 'Waiting for the first poll\n');
      }
    }
    toFastify(req, res);
  };
  const auth = o.auth;
  if (!auth) return route;
  return (req, res) => {
    // Liveness tells nothing about Redis; probes can keep using it without credentials.
    if (req.url === '/-/healthy' || req.url === '/health') return route(req, res);
    auth.check(req.headers.authorization).then(
      (result) => {
        if (result === 'ok') route(req, res);
        else if (result === 'busy') sendText(res, 503, 'Too many credentials being verified; retry\n', { 'retry-after': '1' });
        else sendText(res, 401, 'Unauthorized\n', { 'www-authenticate': 'Basic realm="redis-vitals"' });
      },
      (err: unknown) => {
        // What Fastify's default error handler answered when its auth hook threw.
        const body = JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: (err as Error).message });
        o.logger.error({ error: (err as Error).message }, 'basic auth check failed');
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
    );
  };
}

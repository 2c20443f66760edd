import type { ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { isParts, type BodyParts } from './metrics-body.js';
import type { Logger } from '../log.js';

/** Prometheus's text exposition format, as every metrics response states it. */
export const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

export interface FastPath {
  readonly path: string;
  readonly contentType: string;
  /** The body as its parts (MetricsBody.getParts), or a stream when large. */
  readonly body: () => Promise<BodyParts | Readable>;
  /** The body when it is ready without waiting (MetricsBody.cached). */
  readonly cached: () => Buffer | undefined;
  readonly logger: Logger;
  /** Told of each request it answers: a scrape of /metrics. */
  readonly onScrape?: () => void;
}

/**
 * Answers GET <telemetry path> straight from node:http (front.ts routes it here). A scrape is one
 * cached Buffer, and Fastify's per-request machinery (request and reply objects, hooks,
 * content-type and serializer lookup) cost about a quarter of a request's CPU at 50 concurrent
 * scrapers (docs/performance.md). The response is what the Fastify route sends: status 200, the
 * exposition content type, Content-Length for a Buffer, chunked for a stream.
 */
let lastBody: Buffer | undefined;
let lastHeaders: { readonly 'content-type': string; readonly 'content-length': number } = { 'content-type': '', 'content-length': 0 };

export function serveMetrics(res: ServerResponse, fast: FastPath): void {
  fast.onScrape?.();
  const ready = fast.cached();
  if (ready) {
    // The same body as last time (the common case): its headers too, so a scrape allocates nothing of ours.
    if (ready !== lastBody || fast.contentType !== lastHeaders['content-type']) {
      lastBody = ready;
      lastHeaders = { 'content-type': fast.contentType, 'content-length': ready.length };
    }
    res.writeHead(200, lastHeaders);
    res.end(ready);
    return;
  }
  fast.body().then(
    (body) => {
      if (isParts(body)) {
        sendParts(res, fast.contentType, body);
        return;
      }
      res.writeHead(200, { 'content-type': fast.contentType });
      pipeline(body, res, (err) => {
        if (err) fast.logger.warn({ error: err.message }, '/metrics response stream failed');
      });
    },
    (err: unknown) => {
      fast.logger.error({ error: (err as Error).message }, '/metrics body failed');
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error\n');
    },
  );
}

/** Each part as written, none copied: the writes of one tick go out in one writev (node:http corks the socket). */
function sendParts(res: ServerResponse, contentType: string, body: BodyParts): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  const last = body.parts.length - 1;
  for (let i = 0; i < last; i++) res.write(body.parts[i]);
  res.end(body.parts[last]);
}

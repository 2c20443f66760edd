import { createServer, STATUS_CODES, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../log.js';
import { clientCertRefusal } from '../config/client-auth.js';
import type { WebConfig } from '../config/web-config.js';
import type { Handler } from './front.js';

/**
 * The exporter's listening socket(s), owned here rather than by Fastify, so that Fastify can be
 * loaded only when a request needs it (front.ts) and handed this server through its
 * `serverFactory` option. Set up as Fastify sets up the server it makes, so nothing a client
 * sees changes: keep-alive 72 s, no request or socket timeout, Fastify's answer to a malformed
 * request, and (HTTPS) exporter-toolkit's client-certificate rules.
 */
export interface WebServer {
  readonly server: Server;
  /** Listens, and resolves to the URL Fastify's listen() gave (http[s]://host:port, [v6]). */
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

const FASTIFY_KEEP_ALIVE_MS = 72_000;

/** Fastify's defaultClientErrorHandler's answers (fastify.js), so a bad request reads the same before Fastify is loaded. */
function clientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Client Timeout'] : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Exceeded maximum allowed HTTP header size'] : [400, 'Client Error'];
  const status = STATUS_CODES[code] ?? '';
  const body = `{"error":"${status}","message":"${message}","statusCode":${code}}`;
  if (socket.writable) socket.write(`HTTP/1.1 ${code} ${status}\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\n\r\n${body}`);
  socket.destroy(err);
}

async function makeServer(web: WebConfig | undefined, handler: Handler, logger: Logger): Promise<Server> {
  if (!web?.https) return createServer(handler);
  // node:https only when the exporter serves TLS.
  const { createServer: createHttpsServer } = await import('node:https');
  const server = createHttpsServer(web.https, handler) as unknown as Server;
  const mode = web.clientAuth;
  // Runs before the HTTP parser sees a byte: a refused client gets no response, as in Go, where the handshake fails.
  server.on('secureConnection', (socket: TLSSocket) => {
    const why = clientCertRefusal(mode, socket);
    if (why) {
      logger.debug({ remote: socket.remoteAddress, reason: why, clientAuthType: mode }, 'TLS client refused');
      socket.destroy();
    }
  });
  return server;
}

function configure(server: Server): Server {
  server.keepAliveTimeout = FASTIFY_KEEP_ALIVE_MS;
  server.requestTimeout = 0;
  server.setTimeout(0);
  server.on('clientError', clientError);
  return server;
}

const listenOn = (server: Server, host: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });

export async function createWebServer(web: WebConfig | undefined, handler: Handler, logger: Logger): Promise<WebServer> {
  const server = configure(await makeServer(web, handler, logger));
  const extra: Server[] = [];
  const all = () => [server, ...extra];
  return {
    server,
    async listen(host, port) {
      await listenOn(server, host, port);
      const a = server.address();
      if (a === null || typeof a === 'string') return String(a);
      if (host === 'localhost') {
        // As Fastify does: 'localhost' is every address it resolves to (127.0.0.1 and ::1), not only the first.
        const others = await lookup(host, { all: true }).catch(() => []);
        for (const o of others) {
          if (o.address === a.address) continue;
          const s = configure(await makeServer(web, handler, logger));
          await listenOn(s, o.address, a.port).then(
            () => extra.push(s),
            () => undefined,
          );
        }
      }
      const scheme = web?.https ? 'https' : 'http';
      return a.address.includes(':') ? `${scheme}://[${a.address}]:${a.port}` : `${scheme}://${firstIPv4(a.address)}:${a.port}`;
    },
    async close() {
      await Promise.all(
        all().map(
          (s) =>
            new Promise<void>((resolve) => {
              if (!s.listening) return resolve();
              s.close(() => resolve());
              // Fastify's forceCloseConnections 'idle': keep-alive sockets with no request in flight go now.
              s.closeIdleConnections();
            }),
        ),
      );
    },
  };
}

/** Fastify names 0.0.0.0 by the machine's first IPv4 interface address, internal ones first. */
function firstIPv4(address: string): string {
  if (address !== '0.0.0.0') return address;
  const v4 = Object.values(networkInterfaces()).flatMap((i) => (i ?? []).filter((x) => x.family === 'IPv4'));
  return (v4.find((x) => x.internal) ?? v4[0])?.address ?? address;
}

import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { noteWork } from '../config/v8-tiering.js';
import { loadWebConfig, webConfigFromTlsFlags } from '../config/web-config.js';
import type { ServerDeps } from './app.js';
import { frontHandler, type Handler } from './front.js';
import { MetricsBody } from './metrics-body.js';
import { EXPOSITION } from './metrics-fast-path.js';
import { metricsBody } from './metrics-view.js';
import type { Snapshot } from '../poll/snapshot.js';
import { createWebServer, type WebServer } from './web-server.js';

export interface Web {
  /** Listens (see WebServer.listen) and resolves to the URL. */
  listen(host: string, port: number): Promise<string>;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The exporter's HTTP side: the web config (TLS, basic auth), the server, and in front of the
 * Fastify routes the answers Prometheus and probes need (front.ts). Fastify is imported and the
 * app built on the first request for anything else, on this same server via `serverFactory`.
 */
export async function startWeb(deps: ServerDeps): Promise<Web> {
  const { config, targets } = deps;
  const web = config.web.configFile ? loadWebConfig(config.web.configFile) : config.web.tlsFlags ? webConfigFromTlsFlags(config.web.tlsFlags) : undefined;
  const unchanged = (kept: readonly Snapshot[]) => {
    let i = 0;
    for (const e of targets.values()) if (kept[i++] !== e.poller.snapshot) return false;
    return i === kept.length;
  };
  const body = new MetricsBody({ snapshots: () => targets.list().map((e) => e.poller.snapshot), unchanged, body: () => metricsBody(targets.list(), config.multiTarget) }, deps.self);
  // Loaded on first use, bcrypt with it: most exporters have no basic auth.
  const auth = web && web.users.size > 0 ? new (await import('./basic-auth.js')).BasicAuth(web.users, { logger: deps.logger }) : undefined;
  let app: FastifyInstance | undefined;
  // Requests reach `front` only once the server listens, after both are made. Each is counted:
  // a busy server gets V8's optimizing compiler (config/v8-tiering.ts).
  const ws: WebServer = await createWebServer(
    web,
    (req, res) => {
      noteWork();
      front(req, res);
    },
    deps.logger,
  );
  const server = ws.server;
  const loadFastify = async (): Promise<Handler> => {
    const { buildServer } = await import('./app.js');
    const ours = server.listeners('clientError');
    let handler: Handler | undefined;
    const built = await buildServer({ ...deps, body }, (h) => {
      handler = h;
      return server;
    });
    // Fastify adds its clientError listener to the server it is given; web-server.ts already answers those the same way.
    for (const l of server.listeners('clientError')) if (!ours.includes(l)) server.off('clientError', l as (...a: unknown[]) => void);
    await built.ready();
    app = built;
    if (!handler) throw new Error('Fastify did not take the server');
    return handler;
  };
  const front = frontHandler({
    metrics: {
      path: config.web.telemetryPath,
      contentType: EXPOSITION,
      body: () => body.getParts(),
      cached: () => body.cached(),
      logger: deps.logger,
      ...(deps.onScrape ? { onScrape: deps.onScrape } : {}),
    },
    ready: () => targets.list().every((e) => e.poller.ready),
    ...(auth ? { auth } : {}),
    loadFastify,
    logger: deps.logger,
  });
  return {
    server,
    listen: (host, port) => ws.listen(host, port),
    async close() {
      await Promise.all([ws.close(), app?.close()]);
    },
  };
}

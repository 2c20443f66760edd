import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { doctorPage } from './doctor/page.js';
import { targetReport } from './doctor/report.js';
import type { Logger } from './log.js';
import type { Poller } from './poller.js';
import type { SelfMetrics } from './self-metrics.js';
import { VERSION } from './version.js';

export interface ServerDeps {
  readonly pollers: readonly Poller[];
  readonly self: SelfMetrics;
  readonly telemetryPath: string;
  readonly logger: Logger;
  /** How often /doctor reloads itself: the poll interval. */
  readonly refreshSeconds?: number;
}

const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

function indexPage(telemetryPath: string): string {
  const link = (href: string, text: string) => `<li><a href="${href}">${text}</a></li>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>redis-vitals</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem}</style></head>
<body><h1>redis-vitals ${VERSION}</h1>
<p>Prometheus exporter for Redis persistence, memory and host health.</p>
<ul>${link(telemetryPath, 'Metrics')}${link('/doctor', 'Doctor')}${link('/doctor.json', 'Doctor (JSON)')}${link('/-/healthy', 'Health')}${link('/-/ready', 'Readiness')}</ul>
</body></html>`;
}

/**
 * The HTTP surface. /metrics copies the latest pre-rendered snapshots and never talks to Redis,
 * so scrape storms and HA Prometheus pairs add no load on Redis.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  const index = indexPage(deps.telemetryPath);

  app.get(deps.telemetryPath, async (_req, reply) => {
    const parts = deps.pollers.map((p) => p.snapshot.text);
    parts.push(await deps.self.render());
    return reply.type(EXPOSITION).send(parts.join(''));
  });
  app.get('/-/healthy', async (_req, reply) => reply.type('text/plain').send('OK\n'));
  app.get('/-/ready', async (_req, reply) => {
    const ready = deps.pollers.every((p) => p.ready);
    return reply.code(ready ? 200 : 503).type('text/plain').send(ready ? 'Ready\n' : 'Waiting for the first poll\n');
  });
  app.get('/doctor', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(doctorPage(deps.pollers.map((p) => targetReport(p.snapshot)), deps.refreshSeconds ?? 5)),
  );
  app.get('/doctor.json', async (_req, reply) =>
    reply.send({ generatedAt: new Date().toISOString(), targets: deps.pollers.map((p) => targetReport(p.snapshot)) }),
  );
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(index));
  return app;
}

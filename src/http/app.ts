import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { targetReport } from '../doctor/report.js';
import { metricsBody } from './metrics-view.js';
import { QueueFullError } from '../poll/limiter.js';
import type { Logger } from '../log.js';
import { MetricsBody } from './metrics-body.js';
import { scrapeParamsNotice } from './scrape-params.js';
import type { Handler } from './front.js';
import { EXPOSITION } from './metrics-fast-path.js';
import type { SelfMetrics } from '../exposition/self-metrics.js';
import type { TargetSet } from '../targets/target-set.js';
import { VERSION } from '../version.js';
import type { Server } from 'node:http';

export interface ServerDeps {
  readonly config: Config;
  readonly targets: TargetSet;
  readonly self: SelfMetrics;
  readonly logger: Logger;
  /** Polls an address nobody configured, once; only called for addresses --scrape.allow-addresses admits. */
  readonly adhoc?: (addr: string, signal: AbortSignal) => Promise<string>;
  /** The body the fast path serves, shared so both answer from one cache. */
  readonly body?: MetricsBody;
  /** Told of every scrape of the telemetry path (--poll.interval=auto learns the cadence from it). */
  readonly onScrape?: () => void;
  /** The poll interval in effect now, in ms (it moves under auto); config.poll.intervalMs without it. */
  readonly pollIntervalMs?: () => number;
}

function indexPage(telemetryPath: string): string {
  const link = (href: string, text: string) => `<li><a href="${href}">${text}</a></li>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>redis-vitals</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem}</style></head>
<body><h1>redis-vitals ${VERSION}</h1>
<p>Prometheus exporter for Redis persistence, memory and host health.</p>
<ul>${link(telemetryPath, 'Metrics')}${link('/doctor', 'Doctor')}${link('/doctor.json', 'Doctor (JSON)')}${link('/discover', 'Targets (HTTP service discovery)')}${link('/-/healthy', 'Health')}${link('/-/ready', 'Readiness')}</ul>
</body></html>`;
}

/**
 * The HTTP routes, as a Fastify app. /metrics serves the latest pre-rendered snapshots and never
 * talks to Redis, so scrape storms and HA Prometheus pairs add no load on Redis. Basic auth, TLS
 * and the answers to /metrics and the probes come before Fastify (web.ts, front.ts): this module
 * is loaded only when a request needs one of the other routes.
 */
export async function buildServer(deps: ServerDeps, serverFactory?: (handler: Handler) => Server): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    // Fastify's own info lines ("Server listening at …") repeat ours; it keeps warnings and errors.
    loggerInstance: (deps.logger.levelVal >= 40 ? deps.logger : deps.logger.child({}, { level: 'warn' })) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    ...(serverFactory ? { serverFactory } : {}),
  }) as unknown as FastifyInstance;
  const { targets } = deps;
  const body = deps.body ?? new MetricsBody({ snapshots: () => targets.list().map((e) => e.poller.snapshot), body: () => metricsBody(targets.list(), config.multiTarget) }, deps.self);
  const reports = () => targets.list().map((e) => targetReport(e.poller.snapshot));
  const index = indexPage(config.web.telemetryPath);

  app.get(config.web.telemetryPath, async (_req, reply) => {
    deps.onScrape?.();
    return reply.type(EXPOSITION).send(await body.get());
  });

  const notice = scrapeParamsNotice(deps.logger);
  app.get<{ Querystring: Record<string, unknown> & { target?: string } }>('/scrape', async (req, reply) => {
    notice(req.query);
    const name = typeof req.query.target === 'string' ? req.query.target : '';
    const known = targets.get(name);
    if (known) return reply.type(EXPOSITION).send(known.poller.snapshot.bytes);
    if (name !== '' && deps.adhoc && !config.scrape.allow.empty) {
      // A client that goes away cancels its poll if it has not started yet.
      const gone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) gone.abort();
      });
      try {
        return reply.type(EXPOSITION).send(await deps.adhoc(name, gone.signal));
      } catch (err) {
        deps.self.scrapeRequestErrors?.inc();
        const busy = err instanceof QueueFullError;
        const text = busy ? 'too many ad-hoc scrapes waiting (--scrape.queue); retry later' : (err as Error).message;
        return reply
          .code(busy ? 503 : 403)
          .type('text/plain')
          .send(`${text}\n`);
      }
    }
    // Never connect to an address nobody configured (a scrape must not become a proxy for the password).
    deps.self.scrapeRequestErrors?.inc();
    return reply.code(404).type('text/plain').send('unknown target: use a name listed at /discover\n');
  });

  app.get('/discover', async (_req, reply) => reply.send(targets.list().map((e) => ({ targets: [e.target.name], labels: { ...e.target.labels } }))));
  app.get<{ Querystring: { refresh?: string } }>('/doctor', async (req, reply) => {
    const asked = req.query.refresh;
    const refresh = typeof asked === 'string' && /^\d{1,5}$/.test(asked) ? Number(asked) : NaN;
    if (asked !== undefined && !(refresh >= 0 && refresh <= 86_400)) {
      return reply.code(400).type('text/plain').send('refresh must be whole seconds from 0 (off) to 86400\n');
    }
    // Loaded on first use: most exporters are only ever scraped.
    const { doctorPage } = await import('../doctor/page.js');
    return reply.type('text/html; charset=utf-8').send(doctorPage(reports(), asked === undefined ? (deps.pollIntervalMs?.() ?? config.poll.intervalMs) / 1000 : refresh));
  });
  app.get('/doctor.json', async (_req, reply) => reply.send({ generatedAt: new Date().toISOString(), targets: reports() }));
  app.get('/-/healthy', async (_req, reply) => reply.type('text/plain').send('OK\n'));
  app.get('/health', async (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/-/ready', async (_req, reply) => {
    const ready = targets.list().every((e) => e.poller.ready);
    return reply
      .code(ready ? 200 : 503)
      .type('text/plain')
      .send(ready ? 'Ready\n' : 'Waiting for the first poll\n');
  });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(index));
  return app;
}

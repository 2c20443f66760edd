import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports.js';
import { requireBinary } from './redis-server.js';
import { waitFor } from './wait.js';

/**
 * Real Prometheus and Alertmanager (Debian's binaries) for end-to-end tests: each on a free
 * loopback port with its own temp storage, plus a webhook receiver the test reads.
 */
export interface Daemon {
  readonly url: string;
  readonly dir: string;
  /** The last few KB the process printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Daemon>();

async function startDaemon(bin: string, pkg: string, args: (port: number, dir: string) => string[], files: Record<string, unknown>): Promise<Daemon> {
  requireBinary(bin, pkg);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `rv-${bin}-`));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  const child: ChildProcess = spawn(bin, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const daemon: Daemon = {
    url,
    dir,
    output: () => out,
    async stop() {
      running.delete(daemon);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(daemon);
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
        return (await fetch(`${url}/-/ready`)).status;
      },
      (s) => s === 200,
      { timeoutMs: 20_000, intervalMs: 100, what: `${bin} on ${url} to be ready` },
    );
  } catch (err) {
    await daemon.stop();
    throw new Error(`${(err as Error).message}\n${out}`, { cause: err });
  }
  return daemon;
}

/** Prometheus with `config` (rule files are written beside it by name). */
export function startPrometheus(config: unknown, ruleFiles: Record<string, unknown>): Promise<Daemon> {
  return startDaemon(
    'prometheus',
    'prometheus',
    (port, dir) => [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { 'prometheus.yml': config, ...ruleFiles },
  );
}

/** Alertmanager with clustering off (--cluster.listen-address=). */
export function startAlertmanager(config: unknown): Promise<Daemon> {
  return startDaemon(
    'prometheus-alertmanager',
    'prometheus-alertmanager',
    (port, dir) => [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { 'alertmanager.yml': config },
  );
}

export async function stopAllDaemons(): Promise<void> {
  await Promise.all([...running].map((d) => d.stop()));
}

/** Alertmanager's webhook payload (the fields tests read). */
export interface WebhookPayload {
  status: 'firing' | 'resolved';
  receiver: string;
  alerts: { status: 'firing' | 'resolved'; labels: Record<string, string>; annotations: Record<string, string> }[];
}

export interface Webhook {
  readonly url: string;
  readonly received: WebhookPayload[];
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const received: WebhookPayload[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      try {
        received.push(JSON.parse(body) as WebhookPayload);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (typeof addr !== 'object' || addr === null) throw new Error('webhook did not get a port');
  return {
    url: `http://127.0.0.1:${addr.port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** GET /api/v1/<path> on Prometheus; throws on a non-success answer. */
export async function promApi<T>(prom: Daemon, path: string, params: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${prom.url}/api/v1/${path}?${new URLSearchParams(params).toString()}`);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${path} ${JSON.stringify(params)}: ${body.error ?? res.status}`);
  return body.data;
}

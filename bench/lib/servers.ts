import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/ports.js';
import { waitFor } from '../../test/helpers/wait.js';

/** A process serving /metrics that the bench measures: redis-vitals, redis_exporter or the bare ceiling. */
export interface Served {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Date.now() when the process was spawned. */
  readonly startedAt: number;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Measures the product as shipped: compiled JS on plain node, no TypeScript loader in the process. */
export function buildProduct(): void {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  // dist/cli.js as `npm run build` makes it: one file (scripts/package/dist-cli.ts).
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package/dist-cli.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`dist/cli.js build failed:\n${cli.stdout}${cli.stderr}`);
}

async function launch(name: string, cmd: string, args: string[], port: number, ready: (body: string) => boolean, env?: Record<string, string>): Promise<Served> {
  const startedAt = Date.now();
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}/metrics`;
  const scrape = async () => (await fetch(url)).text();
  try {
    await waitFor(() => (child.exitCode === null ? scrape() : Promise.reject(new Error(`exited: ${stderr}`))), ready, { timeoutMs: 20_000, what: `${name} to serve` });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    name,
    pid: child.pid as number,
    url,
    child,
    startedAt,
    scrape,
    async stop() {
      children.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    },
  };
}

const redisUp = (body: string) => /^redis_up 1$/m.test(body);

/** dist/cli.js's `#!/usr/bin/env -S [VAR=value …] node …` line, split into its environment and its node flags. */
function shebang(): { env: Record<string, string>; nodeFlags: string[] } {
  const first = readFileSync(new URL('../../dist/cli.js', import.meta.url), 'utf8').split('\n')[0] ?? '';
  const m = /^#!\S*\benv(?:\s+-S)?\s+(.*?)\bnode\b(.*)$/.exec(first);
  const words = (text: string | undefined) =>
    (text ?? '')
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
  const env: Record<string, string> = {};
  for (const w of words(m?.[1])) {
    const eq = w.indexOf('=');
    if (eq > 0) env[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return { env, nodeFlags: words(m?.[2]) };
}

/** The node flags dist/cli.js's shebang gives it when run as the `redis-vitals` bin. */
export function shebangNodeFlags(): string[] {
  return shebang().nodeFlags;
}

/** The environment dist/cli.js's shebang sets (e.g. MALLOC_ARENA_MAX) when run as the bin. */
export function shebangEnv(): Record<string, string> {
  return shebang().env;
}

/**
 * Runs the product as its bin does (shebang flags included). Without a redisUrl (a targets
 * file in `flags`), any answer counts as serving. `nodeFlags` overrides the shebang's.
 */
export async function startVitals(redisUrl: string | undefined, flags: string[] = [], nodeFlags = shebangNodeFlags(), cli = 'dist/cli.js', env?: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const addr = redisUrl === undefined ? [] : ['--redis.addr', redisUrl];
  const args = [...nodeFlags, cli, ...addr, '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn', ...flags];
  return launch('redis-vitals', process.execPath, args, port, redisUrl === undefined ? (b) => b.length > 0 : redisUp, env);
}

export function hasRedisExporter(): boolean {
  return spawnSync('sh', ['-c', 'command -v prometheus-redis-exporter']).status === 0;
}

export async function startRedisExporter(redisUrl: string): Promise<Served> {
  const port = await freePort();
  const args = ['--redis.addr', redisUrl, '--web.listen-address', `127.0.0.1:${port}`];
  return launch('redis_exporter', 'prometheus-redis-exporter', args, port, redisUp);
}

/** The ceiling: node:http returning the same body from memory (see bare-server.ts). */
export async function startBare(bodyFile: string): Promise<Served> {
  const port = await freePort();
  return launch('bare node:http', process.execPath, ['bench/bare-server.mjs', String(port), bodyFile], port, (b) => b.length > 0);
}

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { startRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the real CLI until it is ready, requests `paths`, stops it with SIGTERM, and returns every
 * module it loaded (test/helpers/record-imports.mjs).
 */
async function modulesLoaded(args: string[], paths: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rv-lazy-'));
  const record = join(dir, 'modules.txt');
  writeFileSync(record, '');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './test/helpers/record-imports.mjs', 'src/cli.ts', '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn', ...args],
    {
      cwd: root,
      env: { ...process.env, RV_RECORD_IMPORTS: record },
      stdio: 'ignore',
    },
  );
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${base}/-/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (s) => s === 200,
      { timeoutMs: 60_000, what: 'the exporter to be ready' },
    );
    for (const p of paths) await (await fetch(`${base}${p}`)).text();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return readFileSync(record, 'utf8');
}

describe('what only some users need is loaded on first use', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('a flags-only exporter that is scraped and probed loads neither Fastify, YAML, bcrypt nor the doctor page', async () => {
    const loaded = await modulesLoaded(['--redis.addr', redis.url], ['/metrics', '/-/healthy', '/-/ready', '/metrics']);
    expect(loaded).toMatch(/node_modules\/@redis\/client\//); // the record sees dependencies
    expect(loaded).not.toMatch(/node_modules\/fastify\//);
    expect(loaded).not.toMatch(/node_modules\/(ajv|find-my-way|avvio)\//);
    expect(loaded).not.toMatch(/src\/http\/app\./);
    expect(loaded).not.toMatch(/node_modules\/yaml\//);
    expect(loaded).not.toMatch(/node_modules\/bcryptjs\//);
    // node-redis's command table is cut to what its client sends itself (src/redis/node-redis-trim.ts).
    expect(loaded).toMatch(/@redis\/client\/dist\/lib\/commands\/AUTH\.js/);
    expect(loaded).not.toMatch(/@redis\/client\/dist\/lib\/commands\/(ACL_CAT|SET|HSET|XADD)\.js/);
    // The process and Node.js series are read by the exporter (src/exposition/process-metrics.ts), not prom-client.
    expect(loaded).toMatch(/src\/exposition\/process-metrics\./);
    expect(loaded).not.toMatch(/node_modules\/(prom-client|@opentelemetry\/api)\//);
    expect(loaded).not.toMatch(/doctor\/page\./);
  });

  it('loads them when they are used: a config file, the doctor page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-lazy-conf-'));
    const config = join(dir, 'redis-vitals.yml');
    writeFileSync(config, `redis.addr: ${redis.url}\n`);
    const loaded = await modulesLoaded(['--config.file', config], ['/doctor']);
    expect(loaded).toMatch(/node_modules\/yaml\//);
    expect(loaded).toMatch(/doctor\/page\./);
    // Any route but the metrics path and the probes builds the Fastify app.
    expect(loaded).toMatch(/node_modules\/fastify\//);
    expect(loaded).toMatch(/src\/http\/app\./);
  });
});

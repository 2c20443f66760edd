import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/package/bundle.js';
import { LAZY_PACKAGES, lazyFile } from '../../scripts/package/lazy-packages.js';
import { spawnCommand } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The bundle keeps the packages loaded on use (Fastify, YAML) in files of their own, so their
 * source is not held by an exporter that never uses them (scripts/package/lazy-packages.ts), and
 * reads them when they are used. The bundle is built into a scratch dir and run with a preload
 * that records every CommonJS file Node compiles.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'rv-bundle-lazy-'));
let main = '';
const recorder = join(out, 'record.cjs');
const record = join(out, 'compiled.txt');

beforeAll(async () => {
  main = await bundle(root, join(out, 'bundle'));
  writeFileSync(
    recorder,
    `const { Module } = require('node:module'); const { appendFileSync } = require('node:fs');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) { appendFileSync(process.env.RV_RECORD, filename + '\\n'); return compile.call(this, content, filename); };\n`,
  );
}, 120_000);
afterAll(async () => {
  await stopAllRedis();
  rmSync(out, { recursive: true, force: true });
});

describe('bundle: packages loaded on use live beside it', () => {
  it('the main file holds none of their modules; each has its file', () => {
    const text = readFileSync(main, 'utf8');
    for (const name of LAZY_PACKAGES) {
      expect(text).not.toContain(`// node_modules/${name}/`);
      const file = join(out, 'bundle', lazyFile(name));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`// node_modules/${name}/`);
    }
    expect(readFileSync(join(out, 'bundle/THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(/^fastify \d/m);
  });

  it('reads Fastify only at the first request that needs it, and YAML for a config file', async () => {
    const redis = await startRedis();
    const port = await freePort();
    const config = join(out, 'config.yml');
    writeFileSync(config, `redis:\n  addr: ${redis.url}\n`);
    const d = spawnCommand(process.execPath, ['--require', recorder, main, '--config.file', config, '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn'], {
      ...process.env,
      RV_RECORD: record,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      // redis_up 1 shows the address came from the YAML file.
      await waitFor(
        () =>
          fetch(`${url}/metrics`).then(
            (r) => r.text(),
            () => '',
          ),
        (b) => /^redis_up 1$/m.test(b),
        { what: 'the bundle to serve redis_up 1', timeoutMs: 30_000 },
      );
      const before = readFileSync(record, 'utf8');
      expect(before).toContain(join(out, 'bundle', lazyFile('yaml')));
      expect(before).not.toContain(lazyFile('fastify'));
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/metrics/i);
      expect(readFileSync(record, 'utf8')).toContain(join(out, 'bundle', lazyFile('fastify')));
    } finally {
      d.child.kill('SIGTERM');
      await d.exited;
    }
  }, 60_000);
});

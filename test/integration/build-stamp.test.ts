import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, buildStamp } from '../../scripts/package/bundle.js';
import { BUILD } from '../../src/version.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

/**
 * redis_exporter_build_info{commit_sha,build_date}: redis_exporter 1.45 fills both (Debian's:
 * "debian/sid", "20230409-10:15:07"); redis-vitals stamps the bundle with the commit it was built
 * from and that commit's date. Run from source there is nothing to stamp: both are empty.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'rv-stamp-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' }).stdout.trim();

describe('build stamp', () => {
  it('the bundle serves the commit it was built from and its date', async () => {
    const sha = git('rev-parse', 'HEAD');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const date = new Date(Number(git('log', '-1', '--format=%ct')) * 1000).toISOString().replace('.000Z', 'Z');
    const file = await bundle(root, out);
    const port = await freePort();
    const closed = await freePort();
    const child = spawn(process.execPath, [file, '--redis.addr', `127.0.0.1:${closed}`, '--web.listen-address', `127.0.0.1:${port}`], { stdio: 'ignore' });
    try {
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (x) => x.all('redis_exporter_build_info').length === 1,
        { what: 'the bundle serving /metrics' },
      );
      expect(m.all('redis_exporter_build_info')[0]?.labels).toMatchObject({ commit_sha: sha, build_date: date });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('SOURCE_DATE_EPOCH (Debian) sets the date; run from source both are empty', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      expect(buildStamp(root).__REDIS_VITALS_BUILD_DATE__).toBe(JSON.stringify('2023-11-14T22:13:20Z'));
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    expect(BUILD).toEqual({ commitSha: '', date: '' });
  });
});

import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { fillMemoryTo } from '../helpers/failure-states.js';
import { waitFor } from '../helpers/wait.js';

/** /doctor in a real headless Chromium: it renders, shows a failing Redis's findings, logs no errors. */
let browser: Browser;
let exporter: TestExporter;

beforeAll(async () => {
  requireBinary('chromium', 'chromium');
  const redis = await startRedis({ args: ['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction'] });
  await fillMemoryTo(redis, 4 * 1024 * 1024, 0.92);
  // A 1 s poll: with Chromium beside it on a loaded machine, a 200 ms poll can miss its bound
  // (2 intervals + 1.25 timeouts) and the page then rightly shows the stale stand-in as CRITICAL.
  exporter = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': '1s', 'poll.timeout': '2s' });
  await waitFor(
    () => exporter.metrics(),
    (m) => m.get('redis_doctor_finding', { check: 'noeviction-at-risk' }) === 2,
    { what: 'finding' },
  );
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await exporter?.stop();
  await stopAllRedis();
});

describe('/doctor page', () => {
  it('renders the failing findings with remedies and no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // Reloading off: a reload during the full-page screenshot makes it wait forever on a loaded machine.
    const res = await page.goto(`${exporter.url}/doctor?refresh=0`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('redis-vitals doctor');
    await expect(page.locator('.status').first().textContent()).resolves.toBe('WARNING');
    const finding = page.locator('article[data-check="noeviction-at-risk"]');
    await expect(finding.count()).resolves.toBe(1);
    await expect(finding.locator('li').first().textContent()).resolves.toContain('noeviction');
    await expect(page.locator('article[data-check="memory-near-maxmemory"]').count()).resolves.toBe(1);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/doctor-page.png', fullPage: true });
    expect(problems).toEqual([]);
    // Air-gapped: the page loads nothing but itself.
    expect(requests.filter((u) => !u.startsWith(exporter.url))).toEqual([]);
    await page.close();
  }, 90_000);

  it('reloads each poll but at most every 5 s by default, as asked with ?refresh=N, and rejects bad values', async () => {
    const refreshOf = async (query: string) => {
      const res = await fetch(`${exporter.url}/doctor${query}`);
      expect(res.status).toBe(200);
      return /<meta http-equiv="refresh" content="(\d+)">/.exec(await res.text())?.[1];
    };
    expect(await refreshOf('')).toBe('5'); // the test exporter polls every 200 ms
    expect(await refreshOf('?refresh=30')).toBe('30');
    expect(await refreshOf('?refresh=0')).toBeUndefined();
    for (const bad of ['-1', 'soon', '1.5', '99999999', '']) {
      const res = await fetch(`${exporter.url}/doctor?refresh=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain('refresh must be');
    }
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectSamples } from '../../src/collect.js';
import { renderSamples } from '../../src/metrics/render.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { requireBinary } from '../helpers/redis-server.js';
import { checkExposition } from '../helpers/strict-exposition.js';

/** Values a hostile or broken Redis can put in INFO, and what must (not) come out of them. */
function render(info: string, config?: Record<string, string>): string {
  const { samples } = collectSamples(
    { info: parseInfo(info), config: config ? new RedisConfigValues(Object.entries(config)) : undefined, now: 1_800_000_000, redisUp: true, extras: {} },
    { compat: true },
  );
  return renderSamples(samples);
}

function promtool(body: string): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rv-hostile-'));
  temps.push(dir);
  const file = join(dir, 'body.prom');
  writeFileSync(file, body);
  return new Promise((resolve) => {
    const child = execFile('promtool', ['check', 'metrics'], (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` });
    });
    child.stdin?.end(body);
  });
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
requireBinary('promtool', 'prometheus');

describe('latency percentiles with names that are not numbers (issue 12 item 11)', () => {
  const INFO = [
    '# Commandstats',
    'cmdstat_get:calls=10,usec=100,usec_per_call=10.00,rejected_calls=0,failed_calls=0',
    '# Latencystats',
    'latency_percentiles_usec_get:p50=1.003,pabc=2,p=3,pInfinity=4,p-5=5,pNaN=6,p1e400=7,p 50=8,p99.9=9.5',
  ].join('\n');

  it('only finite numeric percentiles become quantile labels', () => {
    const body = render(INFO);
    const quantiles = [...body.matchAll(/^redis_latency_percentiles_usec\{cmd="get",quantile="([^"]*)"\}/gm)].map((m) => m[1]);
    expect(quantiles).toEqual(['50', '99.9']);
    expect(body).not.toMatch(/quantile="(abc|Infinity|NaN|-5|1e400| 50|)"/);
    expect(checkExposition(body)).toEqual([]);
  });

  it('promtool check metrics accepts the body', async () => {
    const r = await promtool(render(INFO));
    expect(r.out).not.toMatch(/error|invalid|expected/i);
    expect(r.code, r.out).toBe(0);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderText } from '../helpers/exposition.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { keyLabel } from '../../src/bigkeys/names.js';
import { requireBinary } from '../helpers/redis-server.js';
import { checkExposition } from '../helpers/strict-exposition.js';
import { replayPoll } from '../helpers/replay.js';

/** Values a hostile or broken Redis can put in INFO, and what must (not) come out of them. */
async function render(info: string, config?: Record<string, string>): Promise<string> {
  const { samples } = await replayPoll({ info, config: config ? new RedisConfigValues(Object.entries(config)) : undefined, compat: true });
  return renderText(samples);
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

  it('only finite numeric percentiles become quantile labels', async () => {
    const body = await render(INFO);
    const quantiles = [...body.matchAll(/^redis_latency_percentiles_usec\{cmd="get",quantile="([^"]*)"\}/gm)].map((m) => m[1]);
    expect(quantiles).toEqual(['50', '99.9']);
    expect(body).not.toMatch(/quantile="(abc|Infinity|NaN|-5|1e400| 50|)"/);
    expect(checkExposition(body)).toEqual([]);
  });

  it('promtool check metrics accepts the body', async () => {
    const r = await promtool(await render(INFO));
    expect(r.out).not.toMatch(/error|invalid|expected/i);
    expect(r.code, r.out).toBe(0);
  });
});

describe('hostile values (issue 12 item 16)', () => {
  it('a negative size is dropped, a legitimately signed difference is kept', async () => {
    const body = await render(['# Memory', 'used_memory:-5', 'used_memory_rss:-1', 'mem_fragmentation_bytes:-4096', 'total_net_input_bytes:-7', '# Stats', 'total_commands_processed:-3'].join('\n'));
    expect(body).not.toMatch(/^redis_memory_used_bytes /m);
    expect(body).not.toMatch(/^redis_memory_used_rss_bytes /m);
    expect(body).not.toMatch(/^redis_net_input_bytes_total /m);
    expect(body).not.toMatch(/^redis_commands_processed_total /m);
    expect(body).toMatch(/^redis_mem_fragmentation_bytes -4096$/m);
  });

  it('keys=NaN is not zero-filled into redis_db_keys 0, and keys=-1 is dropped', async () => {
    const body = await render(['# Keyspace', 'db0:keys=NaN,expires=0,avg_ttl=0', 'db1:keys=-1,expires=0,avg_ttl=0', 'db2:keys=4,expires=1,avg_ttl=0'].join('\n'), { databases: '4' });
    expect(body).not.toMatch(/^redis_db_keys\{db="db0"\}/m);
    expect(body).not.toMatch(/^redis_db_keys\{db="db1"\}/m);
    expect(body).toMatch(/^redis_db_keys\{db="db2"\} 4$/m);
    // A database INFO does not list at all is still zero-filled, as redis_exporter does.
    expect(body).toMatch(/^redis_db_keys\{db="db3"\} 0$/m);
  });

  it('control characters from key names and command names never reach a label raw', async () => {
    const key = Buffer.from('evil\r\n# HELP x\x00\x1b[2J\x7f', 'latin1');
    const { samples } = await replayPoll({
      info: '# Commandstats\ncmdstat_ge\x01t\x1b:calls=1,usec=2\n',
      compat: true,
      extras: {
        bigkeys: {
          scannedKeysTotal: 1,
          lastCycle: undefined,
          error: undefined,
          lastPass: { finishedAt: 1, seconds: 1, top: [{ db: 'db0', key: keyLabel(key, false), type: 'str\x01ing', bytes: 10 }], largest: [] },
        },
      },
    });
    const body = renderText(samples);
    // eslint-disable-next-line no-control-regex
    expect(body.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(checkExposition(body)).toEqual([]);
    expect(body).toContain('cmd="ge\\\\x01t\\\\x1b"');
    expect(body).toMatch(/key="evil\uFFFD\uFFFD# HELP x\uFFFD\uFFFD\[2J\uFFFD…\[sha256:[0-9a-f]{16}\]"/);
    expect(body).toContain('type="str\\\\x01ing"');
  });
});

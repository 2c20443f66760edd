import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT, RULES_FILE } from '../../scripts/lib/rules.js';
import { requireBinary } from '../helpers/redis-server.js';

/**
 * redis-mixin records `redis_memory_fragmentation_ratio`, the name redis-vitals serves for the
 * guide. promtool shows the collision and checks both remedies docs/migrate-from-redis_exporter.md
 * gives: delete the mixin rule, or keep it and drop the scraped series with that config.
 */
requireBinary('promtool', 'prometheus');
const DOC = readFileSync(join(ROOT, 'docs/migrate-from-redis_exporter.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rv-mixin-'));
afterAll(() => (process.env.KEEP ? undefined : rmSync(dir, { recursive: true, force: true })));

function promtool(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('promtool', args, { cwd: dir }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` }));
  });
}

/** The mixin's rule exactly as the doc quotes it (first yaml block). */
const mixinRule = /```yaml\n(- record: redis_memory_fragmentation_ratio\n[^`]+)```/.exec(DOC)?.[1];
/** The remedy's Prometheus config (the yaml block with metric_relabel_configs). */
const relabelConfig = /```yaml\n(scrape_configs:[^`]+metric_relabel_configs:[^`]+)```/.exec(DOC)?.[1];

const labels = '{job="redis", instance="a:9121"}';
/**
 * A fragmented Redis as redis-vitals serves it: RSS 400 MiB over 200 MiB used (the mixin's ratio:
 * 2), INFO mem_fragmentation_ratio 2.05 (Redis samples RSS in its cron, so the two differ a little).
 */
const SERVED_RATIO = 2.05;
const served = (withRatio: boolean) => [
  ...(withRatio ? [{ series: `redis_memory_fragmentation_ratio${labels}`, values: `${SERVED_RATIO}x70` }] : []),
  { series: `redis_memory_used_rss_bytes${labels}`, values: '419430400x70' },
  { series: `redis_memory_used_bytes${labels}`, values: '209715200x70' },
];
/**
 * At 62m, not 60m: promtool may evaluate the alert group before the mixin's recording group, and
 * then the recorded series first exists one step later, so `for: 1h` completes at 61m.
 */
const fires = (ratio: number) => ({
  eval_time: '62m',
  alertname: 'RedisFragmentationHigh',
  exp_alerts: [
    {
      exp_labels: { severity: 'warning', check: 'fragmentation-high', job: 'redis', instance: 'a:9121' },
      exp_annotations: {
        summary: 'Redis memory fragmentation is high.',
        description: `Fragmentation ratio of a:9121 is ${ratio} (RSS over used memory) with more than 100 MiB wasted.`,
        runbook_url: 'https://github.com/redis-vitals/redis-vitals/blob/main/docs/runbook.md#redisfragmentationhigh',
      },
    },
  ],
});

async function testRules(name: string, ruleFiles: string[], withRatio: boolean): Promise<{ code: number; out: string }> {
  const file = join(dir, `${name}.test.yml`);
  // Served when it is scraped, else what the mixin rule records.
  const ratio = withRatio ? SERVED_RATIO : 2;
  const tests = [
    {
      interval: '1m',
      input_series: served(withRatio),
      alert_rule_test: ruleFiles.includes('alerts.yml') ? [fires(ratio)] : [],
      promql_expr_test: [{ expr: 'redis_memory_fragmentation_ratio', eval_time: '30m', exp_samples: [{ labels: `redis_memory_fragmentation_ratio${labels}`, value: ratio }] }],
    },
  ];
  writeFileSync(file, stringify({ rule_files: ruleFiles, evaluation_interval: '1m', tests }));
  return promtool(['test', 'rules', file]);
}

describe('redis-mixin recording-rule collision', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'mixin.yml'), stringify({ groups: [{ name: 'redis_rules', rules: [parseRule(mixinRule ?? '')] }] }));
    copyFileSync(join(ROOT, RULES_FILE), join(dir, 'alerts.yml'));
  });

  it('the doc quotes the mixin rule and a remedy config', () => {
    expect(parseRule(mixinRule ?? '')).toEqual({ record: 'redis_memory_fragmentation_ratio', expr: 'redis_memory_used_rss_bytes / redis_memory_used_bytes' });
    expect(relabelConfig).toContain('action: drop');
  });

  it('with the mixin rule loaded, the recorded and the served series collide', async () => {
    const r = await testRules('collision', ['mixin.yml'], true);
    expect(r.code).toBe(1);
    expect(r.out).toContain('duplicate sample for timestamp');
  }, 30_000);

  it("remedy 1: the mixin rule deleted, the guide's alert fires from the served series", async () => {
    const r = await testRules('deleted', ['alerts.yml'], true);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  }, 30_000);

  it('remedy 2: the mixin rule kept and the served series dropped, the alert fires from the recorded one', async () => {
    const r = await testRules('dropped', ['mixin.yml', 'alerts.yml'], false);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
    writeFileSync(join(dir, 'prometheus.yml'), relabelConfig ?? '');
    const check = await promtool(['check', 'config', join(dir, 'prometheus.yml')]);
    expect(check.out).toContain('SUCCESS');
  }, 30_000);
});

function parseRule(text: string): { record: string; expr: string } {
  const record = /record: (\S+)/.exec(text)?.[1] ?? '';
  const expr = /expr: (.+)/.exec(text)?.[1]?.trim() ?? '';
  return { record, expr };
}

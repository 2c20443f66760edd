import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { ROOT, RULES_FILE, alerts, durationMs, loadRules, withFor } from '../../scripts/lib/rules.js';
import { requireBinary } from '../helpers/redis-server.js';

/**
 * The Prometheus project's own tools on the shipped files: promtool for the rules, their unit
 * tests and the example Prometheus config; amtool for the example Alertmanager config.
 */
interface Run {
  code: number;
  out: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rv-promtool-'));
  temps.push(d);
  return d;
}

requireBinary('promtool', 'prometheus');
requireBinary('amtool', 'prometheus-alertmanager');
const testFiles = readdirSync(join(ROOT, 'alerts/tests'))
  .filter((f) => f.endsWith('.test.yml'))
  .sort();

// Concurrent: promtool spends most of its wall time waiting, not on the CPU.
describe.concurrent('promtool and amtool', () => {
  it('promtool check rules accepts the rule file (lint included)', async ({ expect }) => {
    const r = await run('promtool', ['check', 'rules', join(ROOT, RULES_FILE)]);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('promtool test rules passes every unit test file', async ({ expect }) => {
    expect(testFiles.length).toBeGreaterThan(0);
    const r = await run('promtool', ['test', 'rules', ...testFiles.map((f) => join(ROOT, 'alerts/tests', f))]);
    expect(r.out, r.out).not.toContain('FAILED');
    expect(r.code, r.out).toBe(0);
  });

  /**
   * Proof that the tests pin every alert's `for:` boundary: with every `for:` one evaluation
   * (1m) longer, each rule's firing expectation at the boundary fails; one shorter, each rule's
   * "nothing yet" expectation one evaluation before fails. Failures are read per alert name
   * and severity from promtool's exp/got listing.
   */
  it.for([
    ['longer', 60_000, 'exp'],
    ['shorter', -60_000, 'got'],
  ] as const)("every alert's tests fail when its for: is one evaluation %s", async ([, deltaMs, extraSide], { expect }) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'alerts/tests'), { recursive: true });
    const mutated = withFor(loadRules(), (a) => `${Math.max(0, durationMs(a.for ?? '0s') + deltaMs) / 1000}s`);
    writeFileSync(join(dir, RULES_FILE), stringify(mutated, { lineWidth: 0 }));
    cpSync(join(ROOT, 'alerts/tests'), join(dir, 'alerts/tests'), { recursive: true });
    const results = await Promise.all(testFiles.map((f) => run('promtool', ['test', 'rules', join(dir, 'alerts/tests', f)])));
    const caught = new Set<string>();
    for (const { out } of results) {
      // Each failure prints `exp:[ … ], got:[ … ]`; the side with an extra alert names the rule.
      for (const block of out.split(/\n\s+alertname: /).slice(1)) {
        const [expPart = '', gotPart = ''] = block.split(/\n\s+got:\[/);
        const labelSets = (text: string) => new Set([...text.matchAll(/Labels:\{([^}]*)\}/g)].map((m) => m[1] as string));
        const [extra, other] = extraSide === 'exp' ? [labelSets(expPart), labelSets(gotPart)] : [labelSets(gotPart), labelSets(expPart)];
        for (const labels of extra) {
          const m = /alertname="(\w+)".*severity="(\w+)"/.exec(labels);
          if (m && !other.has(labels)) caught.add(`${m[1]}/${m[2]}`);
        }
      }
    }
    const everyRule = alerts(loadRules()).map((a) => `${a.alert}/${a.labels?.severity}`);
    expect([...everyRule].filter((k) => !caught.has(k)).sort()).toEqual([]);
  });

  it('promtool check config accepts deploy/prometheus/prometheus.yml with the rules beside it', async ({ expect }) => {
    const dir = tempDir();
    cpSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), join(dir, 'prometheus.yml'));
    mkdirSync(join(dir, 'rules'));
    cpSync(join(ROOT, RULES_FILE), join(dir, 'rules/redis-vitals.rules.yml'));
    const r = await run('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(r.code, r.out).toBe(0);
    // The glob must reach the rule file, or the rules were never checked as part of the config.
    expect(r.out).toContain('SUCCESS: 1 rule files found');
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('amtool check-config accepts deploy/alertmanager/alertmanager.yml', async ({ expect }) => {
    const r = await run('amtool', ['check-config', join(ROOT, 'deploy/alertmanager/alertmanager.yml')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
    expect(r.out).toMatch(/[1-9]\d* receivers/);
  });

  it('promtool and amtool reject broken files (these checks can fail)', async ({ expect }) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.rules.yml'), 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: redis_up ==\n');
    writeFileSync(join(dir, 'bad-am.yml'), 'route:\n  receiver: nowhere\nreceivers: []\n');
    expect((await run('promtool', ['check', 'rules', join(dir, 'bad.rules.yml')])).code).not.toBe(0);
    expect((await run('amtool', ['check-config', join(dir, 'bad-am.yml')])).code).not.toBe(0);
  });
});

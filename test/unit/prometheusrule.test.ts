import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUSRULE_FILE, prometheusRuleManifest } from '../../scripts/lib/prometheusrule.js';
import { ROOT, loadRules, parseRules } from '../../scripts/lib/rules.js';

/** deploy/kubernetes/prometheusrule.yaml is generated from the rule file; they must not drift. */
describe('PrometheusRule manifest', () => {
  const committed = readFileSync(join(ROOT, PROMETHEUSRULE_FILE), 'utf8');

  it('is exactly what npm run gen:prometheusrule writes from alerts/redis-vitals.rules.yml', () => {
    expect(committed, 'out of date: run npm run gen:prometheusrule').toBe(prometheusRuleManifest(loadRules()));
  });

  it('carries the same groups, rule for rule, as the rule file', () => {
    const manifest = parse(committed) as { apiVersion: string; kind: string; spec: unknown };
    expect(manifest.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(manifest.kind).toBe('PrometheusRule');
    expect(parseRules(JSON.stringify(manifest.spec), PROMETHEUSRULE_FILE)).toEqual(loadRules());
  });

  it('differs as soon as the rules change (the drift check can fail)', () => {
    const rules = loadRules();
    const [first, ...rest] = rules.groups;
    const changed = { groups: [{ ...first!, name: `${first!.name}-renamed` }, ...rest] };
    expect(prometheusRuleManifest(changed)).not.toBe(committed);
  });

  it("the generator script's --check agrees", () => {
    const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/gen-prometheusrule.ts'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});

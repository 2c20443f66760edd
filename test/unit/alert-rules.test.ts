import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, alerts, durationMs, isAlert, loadRules } from '../../scripts/lib/rules.js';
import { RULES, SEVERITY_VALUE } from '../../src/doctor/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/config/thresholds.js';
import type { Severity } from '../../src/doctor/types.js';
import { PENDING_NAMES, PROMETHEUS_NAMES, documentedNames } from '../helpers/metric-names.js';
import { parsePromQL } from '../helpers/promql.js';

/** The conventions every rule in alerts/redis-vitals.rules.yml keeps (what promtool cannot check). */
const rules = loadRules();
const all = alerts(rules);
const RUNBOOK = 'https://github.com/redis-vitals/redis-vitals/blob/main/docs/runbook.md#';

/**
 * The doctor's check ids: the rules on main, plus the ids issue 5 fixes for rules that wait for
 * the host and replication inputs (they join RULES as those land).
 */
const PENDING_DOCTOR_CHECKS: string[] = [];
const DOCTOR_CHECKS = [...RULES.map((r) => r.id), ...PENDING_DOCTOR_CHECKS];

describe('alert rules', () => {
  it('keeps every group at 20 rules or fewer', () => {
    for (const g of rules.groups) expect(g.rules.length, g.name).toBeLessThanOrEqual(20);
  });

  it("has the guide's five alerts by their names", () => {
    const names = new Set(all.map((a) => a.alert));
    for (const n of ['RedisMemoryHigh', 'RedisPersistenceFailed', 'RedisAOFLastWriteFailed', 'RedisFragmentationHigh', 'RedisReplicationDown']) {
      expect(names.has(n), n).toBe(true);
    }
  });

  it.each(all.map((a) => [`${a.alert} (${a.labels?.severity})`, a] as const))('%s: severity, summary, description, runbook_url, for', (_n, a) => {
    expect(['critical', 'warning', 'info']).toContain(a.labels?.severity);
    const { summary, description, runbook_url: url } = a.annotations ?? {};
    // Static: the summary groups notifications, so it must not vary per instance or value.
    expect(summary).toMatch(/^[A-Z/a-z].*\.$/);
    expect(summary).not.toContain('{{');
    expect(summary?.slice(0, -1)).not.toMatch(/\.\s/);
    expect(description).toMatch(/\{\{ \$value[ |}]/);
    expect(description).toContain('{{ $labels.instance }}');
    expect(url).toBe(`${RUNBOOK}${a.alert.toLowerCase()}`);
    // A `for:` gives each alert a boundary the promtool tests pin down.
    expect(durationMs(a.for ?? '0s')).toBeGreaterThan(0);
  });

  it('gives each rule of one alert name its own severity (promtool tests and inhibition tell them apart that way)', () => {
    const keys = all.map((a) => `${a.alert}/${a.labels?.severity}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('excludes from RedisDoctorFinding exactly the doctor checks that have an alert of their own', () => {
    const dedicated = new Set(all.map((a) => a.labels?.check).filter((c): c is string => c !== undefined));
    for (const c of dedicated) expect(DOCTOR_CHECKS, c).toContain(c);
    const catchAll = all.filter((a) => a.alert === 'RedisDoctorFinding');
    expect(catchAll.map((a) => a.labels?.severity).sort()).toEqual(['critical', 'info', 'warning']);
    for (const a of catchAll) {
      const sel = parsePromQL(a.expr).selectors.find((s) => s.name === 'redis_doctor_finding');
      const excluded = sel?.matchers.find((m) => m.label === 'check' && m.op === '!~')?.value.split('|') ?? [];
      expect(new Set(excluded)).toEqual(dedicated);
      // One series per check: the severity is the value (1 info, 2 warning, 3 critical), never a label.
      expect(sel?.matchers.map((m) => m.label)).not.toContain('severity');
      expect(a.expr.trim()).toMatch(new RegExp(`== ${SEVERITY_VALUE[a.labels?.severity as Severity]}$`));
    }
  });

  it('gives every doctor check an alert: its own (check label) or RedisDoctorFinding, which the runbook lists', () => {
    const dedicated = new Set(all.map((a) => a.labels?.check));
    const runbook = readFileSync(join(ROOT, 'docs/runbook.md'), 'utf8');
    const catchAllSection = runbook.slice(runbook.indexOf('## RedisDoctorFinding'));
    for (const id of DOCTOR_CHECKS) {
      if (!dedicated.has(id)) expect(catchAllSection, `${id}: neither an alert of its own nor listed under RedisDoctorFinding`).toContain(`\`${id}\``);
    }
  });

  it('parses every expression and queries only known, convention-clean metric names', () => {
    const { all: documented, compat } = documentedNames();
    const recorded = new Set(rules.groups.flatMap((g) => g.rules.filter((r) => !isAlert(r)).map((r) => ('record' in r ? r.record : ''))));
    for (const g of rules.groups) {
      for (const r of g.rules) {
        const { errors, selectors } = parsePromQL(r.expr);
        expect(errors, r.expr).toEqual([]);
        for (const s of selectors) {
          const name = s.name ?? '';
          expect(compat.has(name), `${name} is a (compat) name, gone with --compat.redis-exporter=false`).toBe(false);
          const known = documented.has(name) || recorded.has(name) || PENDING_NAMES.has(name) || PROMETHEUS_NAMES.has(name);
          expect(known, `${name} in ${isAlert(r) ? r.alert : r.record} is neither documented nor pending`).toBe(true);
        }
      }
    }
  });

  it('names recording rules level:metric:operations and defines them before use in their group', () => {
    for (const g of rules.groups) {
      const seen = new Set<string>();
      for (const r of g.rules) {
        for (const s of parsePromQL(r.expr).selectors) if (s.name?.includes(':')) expect(seen.has(s.name), `${s.name} used before its rule in ${g.name}`).toBe(true);
        if (!isAlert(r)) {
          expect(r.record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
          seen.add(r.record);
        }
      }
    }
  });

  /**
   * The doctor and the alerts judge the same things with the same numbers: each default threshold
   * appears, as the same comparison, in the alert that carries the check's id.
   */
  it.each([
    ['memory-near-maxmemory', 'RedisMemoryHigh', (v: number) => `> ${v}`],
    ['noeviction-at-risk', 'RedisMemoryFullNoEviction', (v: number) => `> ${v}`],
    ['fragmentation-ratio', 'RedisFragmentationHigh', (v: number) => `redis_memory_fragmentation_ratio > ${v}`],
    ['fragmentation-min-bytes', 'RedisFragmentationHigh', (v: number) => `> ${v / 2 ** 20} * 2^20`],
    ['disk-avail-ratio', 'RedisDataDirSpaceLow', (v: number) => `< ${v}`],
    ['replica-buffer-ratio', 'RedisReplicaOutputBufferNearLimit', (v: number) => `> ${v}`],
    ['fork-slow-seconds', 'RedisForkSlow', (v: number) => `redis_latest_fork_seconds > ${v}`],
    ['fork-slow-seconds-per-gb', 'RedisForkSlow', (v: number) => `> ${v} * redis_memory_used_rss_bytes`],
    ['rdb-stale-factor', 'RedisRDBSaveStale', (v: number) => `> ${v} * max`],
  ] as const)('threshold %s is the one %s uses', (name, alertName, form) => {
    const exprs = all.filter((a) => a.alert === alertName).map((a) => a.expr.replace(/\s+/g, ' '));
    expect(exprs.length, alertName).toBeGreaterThan(0);
    expect(exprs.join('\n')).toContain(form(DEFAULT_THRESHOLDS[name]));
  });
});

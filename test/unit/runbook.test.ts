import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, alerts, loadRules, type AlertRule } from '../../scripts/lib/rules.js';

/** docs/runbook.md has a section per alert, and every runbook_url anchor lands on a heading. */
const doc = readFileSync(join(ROOT, 'docs/runbook.md'), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const sections = new Map<string, string>();
for (const part of doc.split(/^## /m).slice(1)) {
  const nl = part.indexOf('\n');
  sections.set(part.slice(0, nl).trim(), part.slice(nl + 1));
}
const anchors = new Set([...sections.keys()].map(githubSlug));
const byName = new Map<string, AlertRule[]>();
for (const a of alerts(loadRules())) byName.set(a.alert, [...(byName.get(a.alert) ?? []), a]);

describe('docs/runbook.md', () => {
  it('has a section for every alert and none for alerts that do not exist', () => {
    expect([...sections.keys()].sort()).toEqual([...byName.keys()].sort());
  });

  it.each([...byName.entries()])('%s: runbook_url anchor exists; severity, check and for: match the rules; symptom, confirm, fix', (name, rules) => {
    for (const r of rules) {
      const anchor = r.annotations?.runbook_url?.split('#')[1] ?? '';
      expect(anchors.has(anchor), `#${anchor}`).toBe(true);
      expect(githubSlug(name)).toBe(anchor);
    }
    const body = sections.get(name) ?? '';
    const meta = body.split('\n').find((l) => l.startsWith('Severity:')) ?? '';
    const severities = /Severity: ([a-z, ]+)/.exec(meta)?.[1]?.trim().split(', ') ?? [];
    expect(severities.sort()).toEqual([...new Set(rules.map((r) => r.labels?.severity))].sort());
    const checks = [...new Set(rules.map((r) => r.labels?.check).filter(Boolean))];
    if (checks.length > 0) expect(meta).toContain(`Doctor check: \`${checks[0]}\``);
    else expect(meta).not.toContain('Doctor check');
    const fors = /For: ([\dsmh, ]+)/.exec(meta)?.[1]?.trim().split(', ') ?? [];
    expect(new Set(fors)).toEqual(new Set(rules.map((r) => r.for)));
    for (const part of ['**Symptom.**', '**Confirm.**', '**Fix.**', '```']) expect(body, `${name} lacks ${part}`).toContain(part);
  });

  it('links only to headings that exist', () => {
    for (const m of doc.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(m[1] as string), `#${m[1]}`).toBe(true);
  });
});

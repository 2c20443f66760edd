import { SEVERITY_ORDER } from './index.js';
import { humanEvidence } from './read.js';
import type { Finding } from './types.js';

/** Nagios plugin states, as the guide's health-check script uses them. */
export const EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type Status = keyof typeof EXIT;

export function statusOf(findings: readonly Finding[]): Status {
  const failing = findings.filter((f) => f.failing);
  if (failing.some((f) => f.severity === 'critical')) return 'CRITICAL';
  if (failing.some((f) => f.severity === 'warning')) return 'WARNING';
  return 'OK';
}

/** The exit code for a status, given --fail-on: with `critical`, a WARNING exits 0. */
export function exitCode(status: Status, failOn: 'warning' | 'critical'): number {
  if (status === 'WARNING' && failOn === 'critical') return EXIT.OK;
  return EXIT[status];
}

/**
 * Failing first; among them root causes before the findings they explain, each group ranked by
 * its most severe member; passing last.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const sev = (f: Finding) => SEVERITY_ORDER.indexOf(f.severity);
  const groupSev = new Map<string, number>();
  for (const f of findings) {
    if (!f.failing) continue;
    const root = f.causedBy ?? f.check;
    groupSev.set(root, Math.min(groupSev.get(root) ?? 9, sev(f)));
  }
  const rank = (f: Finding): number[] => {
    if (!f.failing) return [1, sev(f), 0];
    const root = f.causedBy ?? f.check;
    return [0, groupSev.get(root) ?? sev(f), f.causedBy ? 1 : 0];
  };
  const order = (a: Finding, b: Finding) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return (a.causedBy ?? a.check).localeCompare(b.causedBy ?? b.check);
  };
  return [...findings].sort(order);
}

export interface TargetReport {
  readonly target: string;
  readonly up: boolean;
  readonly polledAt: number;
  readonly status: Status;
  readonly findings: readonly Finding[];
}

/** What a report needs of a poll's snapshot (a structural type: doctor/ does not import poll/). */
export interface ReportSource {
  readonly target: string;
  readonly up: boolean;
  readonly polledAt: number;
  readonly findings: readonly Finding[];
}

export function targetReport(s: ReportSource): TargetReport {
  // Before the first poll nothing is known: UNKNOWN, not a reassuring OK.
  const status = s.polledAt === 0 ? 'UNKNOWN' : statusOf(s.findings);
  return { target: s.target, up: s.up, polledAt: s.polledAt, status, findings: sortFindings(s.findings) };
}

/** Nagios perfdata label: quoted when it holds anything but word characters, dots and dashes. */
function perfLabel(label: string): string {
  return /^[\w.-]+$/.test(label) ? label : `'${label.replace(/'/g, '')}'`;
}

/** `label=value[UOM]` for the numbers behind the failing findings (all findings' counts when none fail). */
export function perfdata(r: TargetReport): string {
  const failing = r.findings.filter((f) => f.failing);
  const parts = [`failing=${failing.length}`, `checks=${r.findings.length}`];
  for (const f of failing) {
    for (const [k, v] of Object.entries(f.evidence)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const uom = k.endsWith('_bytes') || ['used_memory', 'maxmemory', 'suggested_maxmemory', 'used_memory_dataset'].includes(k) ? 'B' : k.endsWith('_seconds') ? 's' : '';
      parts.push(`${perfLabel(`${f.check}.${k}`)}=${v}${uom}`);
    }
  }
  return parts.join(' ');
}

/** First line is the Nagios plugin output line (perfdata after `|`); the rest is for people. */
export function textReport(r: TargetReport, verbose: boolean): string {
  const failing = r.findings.filter((f) => f.failing);
  const roots = failing.filter((f) => !f.causedBy);
  const head =
    failing.length === 0
      ? `${r.status}: ${r.target} healthy (${r.findings.length} checks passed)`
      : `${r.status}: ${r.target} ${roots.map((f) => (f.consequences?.length ? `${f.check} (causing ${f.consequences.join(', ')})` : f.check)).join(', ')}`;
  const lines = [`${head} | ${perfdata(r)}`];
  for (const f of roots) {
    lines.push('', `[${f.severity.toUpperCase()}] ${f.check}: ${f.title}. ${f.summary}`);
    if (verbose) {
      const ev = Object.entries(humanEvidence(f.evidence))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      if (ev) lines.push(`  Evidence: ${ev}`);
    }
    for (const c of failing.filter((x) => x.causedBy === f.check)) lines.push(`  Consequence [${c.severity.toUpperCase()}] ${c.check}: ${c.summary}`);
    if (verbose) {
      lines.push('  Remedy:');
      for (const step of f.remedy) lines.push(`  - ${step}`);
    }
  }
  if (verbose) {
    const passing = r.findings.filter((f) => !f.failing);
    if (passing.length > 0) lines.push('', `Passing: ${passing.map((f) => f.check).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

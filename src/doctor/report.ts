import { SEVERITY_ORDER } from './index.js';
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

/** Failing first, most severe first; passing last. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.failing ? 0 : 10) + SEVERITY_ORDER.indexOf(f.severity);
  return [...findings].sort((a, b) => rank(a) - rank(b));
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

/** First line is the Nagios plugin output line; the rest is for people reading a terminal or a cron mail. */
export function textReport(r: TargetReport, verbose: boolean): string {
  const failing = r.findings.filter((f) => f.failing);
  const head = failing.length === 0
    ? `${r.status}: ${r.target} healthy (${r.findings.length} checks passed)`
    : `${r.status}: ${r.target} ${failing.map((f) => f.check).join(', ')}`;
  const lines = [head];
  for (const f of failing) {
    lines.push('', `[${f.severity.toUpperCase()}] ${f.check}: ${f.summary}`);
    if (verbose) for (const step of f.remedy) lines.push(`  - ${step}`);
  }
  if (verbose) {
    const passing = r.findings.filter((f) => !f.failing);
    if (passing.length > 0) lines.push('', `Passing: ${passing.map((f) => f.check).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

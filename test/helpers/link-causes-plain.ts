import { findingOf } from '../../src/doctor/finding.js';
import type { Finding } from '../../src/doctor/types.js';

/**
 * src/doctor/causes.ts as it was before session 8 (a walk for every failing finding): the oracle
 * the fast path is checked against (test/unit/doctor/link-causes.test.ts).
 *
 * Which failing check explains which: disk full → BGSAVE/AOF write failing → MISCONF. A cause
 * leads; the findings it explains point at it (`causedBy`) and its remedy ends with what they
 * still need once it is fixed (e.g. a BGSAVE), so no remedy is printed three times.
 */
const EXPLAINS: Readonly<Record<string, readonly string[]>> = {
  'data-dir-not-writable': ['rdb-bgsave-failing', 'aof-write-failing', 'aof-rewrite-failing', 'disk-space-low'],
  'disk-space-low': ['rdb-bgsave-failing', 'aof-write-failing', 'aof-rewrite-failing'],
  'fork-failing': ['rdb-bgsave-failing', 'aof-rewrite-failing', 'aof-growing-unbounded'],
  'aof-rewrite-failing': ['aof-growing-unbounded'],
  'rdb-bgsave-failing': ['writes-rejected-misconf', 'rdb-stale'],
  'aof-write-failing': ['writes-rejected-misconf'],
  'memory-full': ['oom-rejecting-writes', 'memory-near-maxmemory', 'noeviction-at-risk', 'volatile-policy-without-ttls'],
};

/** A finding may act as a cause only in the state that really produces its consequences. */
function canCause(f: Finding, consequence: Finding): boolean {
  if (f.check === 'disk-space-low') return f.severity === 'critical';
  if (consequence.check === 'writes-rejected-misconf') {
    const cause = consequence.evidence.cause;
    return (f.check === 'rdb-bgsave-failing' && cause === 'rdb') || (f.check === 'aof-write-failing' && cause === 'aof');
  }
  return true;
}

function directCause(f: Finding, failing: ReadonlyMap<string, Finding>): Finding | undefined {
  for (const [cause, explained] of Object.entries(EXPLAINS)) {
    const c = failing.get(cause);
    if (c && c !== f && explained.includes(f.check) && canCause(c, f)) return c;
  }
  return undefined;
}

export function linkCausesPlain(findings: readonly Finding[]): Finding[] {
  const failing = new Map(findings.filter((f) => f.failing).map((f) => [f.check, f]));
  const rootOf = new Map<string, Finding>();
  for (const f of failing.values()) {
    let root: Finding | undefined;
    const seen = new Set([f.check]);
    for (let c = directCause(f, failing); c && !seen.has(c.check); c = directCause(c, failing)) {
      root = c;
      seen.add(c.check);
    }
    if (root) rootOf.set(f.check, root);
  }
  if (rootOf.size === 0) return [...findings];
  return findings.map((f) => {
    const root = rootOf.get(f.check);
    if (root) {
      return findingOf(f, f.check, f.severity, f.title, [`Caused by ${root.check}: follow its remedy; this clears with it.`], root.check, f.consequences);
    }
    const consequences = findings.filter((c) => rootOf.get(c.check)?.check === f.check);
    if (consequences.length === 0) return f;
    const after = [...new Set(consequences.flatMap((c) => c.afterCause ?? []))];
    return findingOf(
      f,
      f.check,
      f.severity,
      f.title,
      [...f.remedy, ...after],
      f.causedBy,
      consequences.map((c) => c.check),
    );
  });
}

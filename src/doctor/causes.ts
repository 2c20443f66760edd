import { findingOf } from './finding.js';
import type { Finding } from './types.js';

/**
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

const EXPLAINS_LIST = Object.entries(EXPLAINS);
/** Checks some cause explains: a failing finding outside these has no cause to look for. */
const EXPLAINED: ReadonlySet<string> = new Set(Object.values(EXPLAINS).flat());

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
  if (!EXPLAINED.has(f.check)) return undefined;
  for (const [cause, explained] of EXPLAINS_LIST) {
    const c = failing.get(cause);
    if (c && c !== f && explained.includes(f.check) && canCause(c, f)) return c;
  }
  return undefined;
}

export function linkCauses(findings: readonly Finding[]): Finding[] {
  // Most polls: no failing finding that a cause could explain, so nothing to link (no maps, no walks).
  if (!findings.some((f) => f.failing && EXPLAINED.has(f.check))) return [...findings];
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

import type { Finding, Rule, Verdict } from './types.js';

/**
 * Findings of one hidden class, and passing ones shared. A finding used to be `{ ...verdict,
 * check, severity, title, remedy }`: every rule's verdict literal has its own key order and
 * optional keys, and the spread site (megamorphic) left each kept finding with a map of its own:
 * ~25 findings and ~12 KB a target, 3 MB of maps at 500 targets (docs/performance.md "Session 6:
 * per-target memory"). Every field is set here, in one order, absent ones as undefined (which
 * JSON, /doctor and `check` treat as absent).
 */
export function findingOf(
  v: Verdict,
  check: string,
  severity: Finding['severity'],
  title: string,
  remedy: readonly string[],
  causedBy: string | undefined,
  consequences: readonly string[] | undefined,
): Finding {
  return {
    check,
    failing: v.failing,
    severity,
    title,
    summary: v.summary,
    evidence: v.evidence,
    remedy,
    afterCause: v.afterCause,
    causedBy,
    consequences,
  };
}

/** Passing findings with no figures, per rule and summary: the same text on every target and poll. */
const shared = new Map<string, Map<string, Finding>>();
/** Distinct summaries kept a rule: summaries with numbers in them carry evidence and never get here. */
const PER_RULE = 8;

/** The finding of a rule's verdict: one frozen object for a passing verdict with no evidence. */
export function ruleFinding(rule: Rule, v: Verdict): Finding {
  const severity = v.severity ?? rule.severity;
  const title = v.title ?? rule.title;
  const remedy = v.remedy ?? rule.remedy;
  if (v.failing || v.afterCause !== undefined || !isEmpty(v.evidence) || title !== rule.title || remedy !== rule.remedy) {
    return findingOf(v, rule.id, severity, title, remedy, undefined, undefined);
  }
  let byText = shared.get(rule.id);
  const known = byText?.get(v.summary);
  // Another rule set (tests, a custom rule) may reuse an id: share only what is really the same.
  if (known && known.severity === severity && known.title === title && known.remedy === remedy) return known;
  const made = Object.freeze(findingOf({ failing: false, summary: v.summary, evidence: EMPTY }, rule.id, severity, title, remedy, undefined, undefined));
  if (!byText) shared.set(rule.id, (byText = new Map()));
  if (byText.size < PER_RULE) byText.set(v.summary, made);
  return made;
}

const EMPTY: Readonly<Record<string, string | number>> = Object.freeze({});

function isEmpty(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return false;
  return true;
}

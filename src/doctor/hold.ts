import { fmtDuration } from './read.js';
import type { DoctorInput, Rule, Verdict, VerdictMemory } from './types.js';

export const DEFAULT_HOLD_SECONDS = 600;

/** One per target, kept by its poller: the last failing verdict of each rule with `hold`. */
export class DoctorMemory implements VerdictMemory {
  private readonly lastFailing = new Map<string, { readonly verdict: Verdict; readonly at: number }>();

  /** The verdict to report: `fresh` when it fails (remembered) or nothing is held, else the held one. */
  apply(rule: Rule, fresh: Verdict | undefined, input: DoctorInput): Verdict | undefined {
    const hold = rule.hold;
    if (!hold) return fresh;
    if (fresh?.failing) {
      this.lastFailing.set(rule.id, { verdict: fresh, at: input.now });
      return fresh;
    }
    const held = this.lastFailing.get(rule.id);
    if (!held) return fresh;
    const age = input.now - held.at;
    if (age > hold.seconds || age < 0 || hold.cleared?.(input) === true) {
      this.lastFailing.delete(rule.id);
      return fresh;
    }
    return {
      ...held.verdict,
      summary: `${held.verdict.summary} (last seen failing ${fmtDuration(age)} ago; held ${fmtDuration(hold.seconds)} so scrapes and alerts see it)`,
      evidence: { ...held.verdict.evidence, last_failing_ago_seconds: Math.round(age), held_for_seconds: hold.seconds },
    };
  }
}

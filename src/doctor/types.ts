import type { PollExtras } from '../collectors/types.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { ParsedInfo } from '../parse/info.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import type { Thresholds } from '../config/thresholds.js';

export type Severity = 'critical' | 'warning' | 'info';

/** Everything a rule may look at: this poll, the one before (for "grew since"), and the thresholds. */
export interface DoctorInput {
  readonly target: string;
  readonly up: boolean;
  readonly error: ClassifiedError | undefined;
  readonly info: ParsedInfo | undefined;
  readonly config: RedisConfigValues | undefined;
  readonly extras: PollExtras;
  /** INFO of the previous successful poll and when it was taken; undefined on the first poll. */
  readonly previous: { readonly info: ParsedInfo; readonly polledAt: number } | undefined;
  readonly now: number;
  readonly thresholds: Thresholds;
}

/** A rule's verdict. `failing: false` is a pass; a rule that lacks its inputs returns undefined. */
export interface Verdict {
  readonly failing: boolean;
  /** Overrides the rule's default severity (e.g. disk-space-low is critical below the estimate). */
  readonly severity?: Severity;
  /** One sentence with the numbers, e.g. "used_memory is 95% of maxmemory (950 MB of 1 GB)". */
  readonly summary: string;
  /** The figures the verdict used, shown on /doctor and in `check --format json`. */
  readonly evidence: Readonly<Record<string, string | number>>;
}

export interface Rule {
  /** Stable kebab-case id: alerts, dashboards and docs refer to it. */
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** When it fires, in words with the default thresholds (docs/doctor.md is generated from this). */
  readonly when: string;
  /** What to check and what to change, in the guide's terms: exact config lines, sysctls, commands. */
  readonly remedy: readonly string[];
  evaluate(input: DoctorInput): Verdict | undefined;
}

export interface Finding extends Verdict {
  readonly check: string;
  readonly severity: Severity;
  readonly title: string;
  readonly remedy: readonly string[];
}

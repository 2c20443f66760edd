import type { PollExtras } from '../collectors/types.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { ParsedInfo } from '../parse/info.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import type { Thresholds } from '../config/thresholds.js';

export type Severity = 'critical' | 'warning' | 'info';

/** Where the target is, without credentials: remedies name its real host and port. */
export interface DoctorAddress {
  readonly kind: 'tcp' | 'unix';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly tls: boolean;
  /** True when the exporter reads this target's host (same machine): paths and commands are ours to name. */
  readonly local: boolean;
}

/** Everything a rule may look at: this poll, the one before (for "grew since"), and the thresholds. */
export interface DoctorInput {
  readonly target: string;
  /** Undefined in ad-hoc polls and tests that do not need it; remedies then say the host is unknown. */
  readonly address?: DoctorAddress;
  readonly up: boolean;
  readonly error: ClassifiedError | undefined;
  readonly info: ParsedInfo | undefined;
  readonly config: RedisConfigValues | undefined;
  readonly extras: PollExtras;
  /** INFO of the previous successful poll and when it was taken; undefined on the first poll. */
  readonly previous: { readonly info: ParsedInfo; readonly polledAt: number } | undefined;
  readonly now: number;
  readonly thresholds: Thresholds;
  /** This target's held verdicts (rules with `hold`); without it every verdict is this poll's alone. */
  readonly memory?: VerdictMemory;
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
  /** Overrides the rule's title when the state changes its meaning (e.g. "full" rather than "close to"). */
  readonly title?: string;
  /** This host's remedy (real paths, host, port, current and suggested values); the rule's generic text otherwise. */
  readonly remedy?: readonly string[];
  /** What is still to do once a root cause that explains this finding is fixed (e.g. run BGSAVE); the root's remedy ends with it. */
  readonly afterCause?: readonly string[];
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
  /** For verdicts of one poll ("grew since the last poll"): how long a failing verdict is held. */
  readonly hold?: RuleHold;
}

export interface Finding extends Verdict {
  readonly check: string;
  readonly severity: Severity;
  readonly title: string;
  readonly remedy: readonly string[];
  /** Set on a failing finding that another failing finding explains: the id of the root cause. */
  readonly causedBy?: string;
  /** On a root cause: the failing checks it explains (their remedy is this one). */
  readonly consequences?: readonly string[];
}

/**
 * Rules driven by "a counter grew since the previous poll" fail for one poll only: with a 15 s
 * poll and a 60 s scrape most such verdicts are never scraped, and no `for:` can hold them. A
 * rule with `hold` keeps its last failing verdict that long (or until `cleared` says the cause
 * is gone). See hold.ts.
 */
export interface RuleHold {
  readonly seconds: number;
  /** True when the cause is gone now, so the held verdict ends early (e.g. Redis is no longer full). */
  readonly cleared?: (input: DoctorInput) => boolean;
}

/** A target's memory of failing verdicts, kept by its poller across polls (DoctorMemory). */
export interface VerdictMemory {
  apply(rule: Rule, fresh: Verdict | undefined, input: DoctorInput): Verdict | undefined;
}

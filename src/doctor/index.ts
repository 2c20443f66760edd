import { families } from '../exposition/family.js';
import { LabelSets } from '../exposition/labels.js';
import type { SampleSink } from '../exposition/sample.js';
import { aofFsyncSlow } from './rules/aof-fsync-slow.js';
import { aofGrowingUnbounded } from './rules/aof-growing-unbounded.js';
import { aofRewriteFailing } from './rules/aof-rewrite-failing.js';
import { bigKeys } from './rules/big-keys.js';
import { aofWriteFailing } from './rules/aof-write-failing.js';
import { configNotPersisted } from './rules/config-not-persisted.js';
import { cowMemoryHigh } from './rules/cow-memory-high.js';
import { datasetLostOnRestart } from './rules/dataset-lost-on-restart.js';
import { redisLoading } from './rules/redis-loading.js';
import { dataDirOnRotationalDisk } from './rules/data-dir-on-rotational-disk.js';
import { dataDirNotWritable } from './rules/data-dir-not-writable.js';
import { diskSpaceLow } from './rules/disk-space-low.js';
import { forkFailing } from './rules/fork-failing.js';
import { forkOvercommitRisk } from './rules/fork-overcommit-risk.js';
import { swapping } from './rules/swapping.js';
import { thpEnabled } from './rules/thp-enabled.js';
import { evictionsHappening } from './rules/evictions-happening.js';
import { forkSlow } from './rules/fork-slow.js';
import { fragmentationHigh } from './rules/fragmentation-high.js';
import { maxmemoryUnset } from './rules/maxmemory-unset.js';
import { memoryFull } from './rules/memory-full.js';
import { memoryNearMaxmemory } from './rules/memory-near-maxmemory.js';
import { noevictionAtRisk } from './rules/noeviction-at-risk.js';
import { oomRejectingWrites } from './rules/oom-rejecting-writes.js';
import { persistenceDisabled } from './rules/persistence-disabled.js';
import { rdbBgsaveFailing } from './rules/rdb-bgsave-failing.js';
import { rdbStale } from './rules/rdb-stale.js';
import { redisUnreachable } from './rules/redis-unreachable.js';
import { replBacklogTooSmall } from './rules/repl-backlog-too-small.js';
import { replicaBufferNearLimit } from './rules/replica-buffer-near-limit.js';
import { replicaLinkDown } from './rules/replica-link-down.js';
import { volatilePolicyWithoutTtls } from './rules/volatile-policy-without-ttls.js';
import { writesRejectedMisconf } from './rules/writes-rejected-misconf.js';
import { linkCauses } from './causes.js';
import { ruleFinding } from './finding.js';
import type { DoctorInput, Finding, Rule, Severity } from './types.js';

/** Every doctor rule, most urgent first. A test fails when a file under rules/ is missing here. */
export const RULES: readonly Rule[] = [
  redisUnreachable,
  datasetLostOnRestart,
  writesRejectedMisconf,
  rdbBgsaveFailing,
  aofWriteFailing,
  dataDirNotWritable,
  diskSpaceLow,
  forkFailing,
  swapping,
  memoryFull,
  oomRejectingWrites,
  replicaLinkDown,
  redisLoading,
  aofRewriteFailing,
  aofGrowingUnbounded,
  aofFsyncSlow,
  forkOvercommitRisk,
  thpEnabled,
  forkSlow,
  cowMemoryHigh,
  memoryNearMaxmemory,
  noevictionAtRisk,
  volatilePolicyWithoutTtls,
  maxmemoryUnset,
  configNotPersisted,
  fragmentationHigh,
  replicaBufferNearLimit,
  replBacklogTooSmall,
  rdbStale,
  evictionsHappening,
  persistenceDisabled,
  dataDirOnRotationalDisk,
  bigKeys,
];

/**
 * Runs every rule. While Redis is down only redis-unreachable can be judged; a rule whose
 * inputs are missing yields no finding at all (not a pass), and a rule that throws is skipped.
 */
export function diagnose(input: DoctorInput, rules: readonly Rule[] = RULES, onError?: (rule: string, err: unknown) => void): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    // While Redis is down only host rules still have inputs.
    if (!input.up && rule !== redisUnreachable && !HOST_RULE_IDS.has(rule.id)) continue;
    try {
      const evaluated = rule.evaluate(input);
      const v = input.memory ? input.memory.apply(rule, evaluated, input) : evaluated;
      if (!v) continue;
      findings.push(ruleFinding(rule, v));
    } catch (err) {
      onError?.(rule.id, err);
    }
  }
  return linkCauses(findings);
}

/** Rules that read only host inputs and so still run while Redis is down. */
export const HOST_RULE_IDS: ReadonlySet<string> = new Set(['thp-enabled', 'data-dir-not-writable', 'disk-space-low', 'data-dir-on-rotational-disk']);

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

export const FAMILIES = families(
  { collector: 'doctor', section: 'doctor' },
  {
    finding: {
      name: 'redis_doctor_finding',
      type: 'gauge',
      layer: 3,
      labels: ['check'],
      help: 'Doctor check state: 0 passing; failing: 1 info, 2 warning, 3 critical (label check = rule id, see docs/doctor.md).',
      doc: 'one series per evaluated doctor check and target whatever its state: 0 passing; while failing, its severity now (1 info, 2 warning, 3 critical). Label `check` (rule id, see [doctor.md](doctor.md)); no `severity` label, so a change of severity never ends one series and starts another. A check whose inputs are missing, or that is turned off with `--doctor.disable`, has no series',
    },
  },
);

// One labels object per check for the process: the render reuses an unchanged series' text when it is the same object (render-repeat.ts).
const CHECK = new LabelSets('check');

/** The value of redis_doctor_finding while a check fails: its severity now. 0 is passing. */
export const SEVERITY_VALUE: Readonly<Record<Severity, number>> = { info: 1, warning: 2, critical: 3 };

/**
 * One series per check and target whatever its state: the severity is the value, not a label,
 * so a check going from warning to critical keeps its series (and an alert's `for:`).
 */
export function addFindingSamples(findings: readonly Finding[], sink: SampleSink): void {
  for (const f of findings) {
    sink.emit(FAMILIES.finding, f.failing ? SEVERITY_VALUE[f.severity] : 0, CHECK.of(f.check));
  }
}

/** Rules minus the ones an operator turned off (--doctor.disable, or a target's doctor-disable). */
export function enabledRules(disabled: readonly string[]): readonly Rule[] {
  if (disabled.length === 0) return RULES;
  const off = new Set(disabled);
  return RULES.filter((r) => !off.has(r.id));
}

import { describe, expect, it } from 'vitest';
import { linkCauses } from '../../../src/doctor/causes.js';
import { diagnose, RULES } from '../../../src/doctor/index.js';
import type { DoctorInput, Finding } from '../../../src/doctor/types.js';
import { doctorInput } from '../../helpers/doctor-input.js';

const MB = 1024 ** 2;

/** Inputs that make many rules pass and several fail, with a cause linked to its consequences. */
const inputs: DoctorInput[] = [
  doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 130 * MB, maxmemory: 100 * MB, rdb_last_bgsave_status: 'ok', aof_enabled: 0, role: 'master' } }),
  doctorInput({
    info: {
      maxmemory_policy: 'allkeys-lru',
      used_memory: 10 * MB,
      maxmemory: 100 * MB,
      rdb_last_bgsave_status: 'err',
      aof_enabled: 1,
      aof_last_write_status: 'err',
      role: 'slave',
      master_link_status: 'down',
    },
    config: { save: '3600 1', appendonly: 'yes' },
  }),
  doctorInput({ info: { used_memory: 5 * MB, maxmemory: 0, total_system_memory: 1000 * MB, rdb_changes_since_last_save: 10, rdb_last_save_time: 1 }, config: { save: '' } }),
  doctorInput({ up: false }),
];

/** The way findings were built before: the verdict spread, then the causes linked by spreads. */
function spreadFindings(input: DoctorInput): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    if (!input.up && rule.id !== 'redis-unreachable' && !['thp-enabled', 'data-dir-not-writable', 'disk-space-low', 'data-dir-on-rotational-disk'].includes(rule.id)) continue;
    const v = rule.evaluate(input);
    if (v) out.push({ ...v, check: rule.id, severity: v.severity ?? rule.severity, title: v.title ?? rule.title, remedy: v.remedy ?? rule.remedy });
  }
  return out;
}

describe('doctor findings', () => {
  it('show exactly what the spread-built findings showed (JSON, as `check --format json` prints)', () => {
    for (const input of inputs) {
      const now = diagnose(input);
      const before = linkCauses(spreadFindings(input));
      expect(now.length).toBeGreaterThan(0);
      expect(now.map((f) => JSON.parse(JSON.stringify(f)))).toEqual(before.map((f) => JSON.parse(JSON.stringify(f))));
    }
  });

  it('have one shape: the same keys in the same order, whatever the rule and state', () => {
    const all = inputs.flatMap((i) => diagnose(i));
    expect(all.some((f) => f.failing)).toBe(true);
    expect(all.some((f) => f.causedBy !== undefined)).toBe(true);
    expect(all.some((f) => f.consequences !== undefined)).toBe(true);
    const shapes = new Set(all.map((f) => Object.keys(f).join(',')));
    expect([...shapes]).toEqual(['check,failing,severity,title,summary,evidence,remedy,afterCause,causedBy,consequences']);
  });

  it('share one frozen object for a passing check with no figures, across targets and polls', () => {
    const a = diagnose(doctorInput({ info: { aof_enabled: 0 } }));
    const b = diagnose(doctorInput({ info: { aof_enabled: 0, used_memory: 3 * MB } }));
    const unreachable = (fs: Finding[]) => fs.find((f) => f.check === 'redis-unreachable');
    expect(unreachable(a)).toBeDefined();
    expect(unreachable(a)).toBe(unreachable(b));
    expect(Object.isFrozen(unreachable(a))).toBe(true);
    // A finding with figures of its own target is its own.
    const failing = (fs: Finding[]) => fs.find((f) => f.failing || Object.keys(f.evidence).length > 0);
    expect(failing(a)).not.toBe(failing(b));
  });
});

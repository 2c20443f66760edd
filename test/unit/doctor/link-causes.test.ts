import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkCauses } from '../../../src/doctor/causes.js';
import { findingOf } from '../../../src/doctor/finding.js';
import { RULES } from '../../../src/doctor/index.js';
import type { Finding } from '../../../src/doctor/types.js';
import { linkCausesPlain } from '../../helpers/link-causes-plain.js';

/** linkCauses' fast path (nothing a cause could explain is failing) must link exactly as the full walk did. */
const CHECKS = RULES.map((r) => r.id);
const finding = fc
  .record({
    check: fc.constantFrom(...CHECKS),
    failing: fc.boolean(),
    severity: fc.constantFrom('critical' as const, 'warning' as const, 'info' as const),
    cause: fc.constantFrom(undefined, 'rdb', 'aof'),
    afterCause: fc.option(fc.array(fc.constantFrom('Run BGSAVE.', 'Run BGREWRITEAOF.'), { maxLength: 2 }), { nil: undefined }),
  })
  .map(({ check, failing, severity, cause, afterCause }): Finding =>
    findingOf({ failing, summary: check, evidence: cause ? { cause } : {}, afterCause }, check, severity, check, [`fix ${check}`], undefined, undefined),
  );
// One finding per check, as diagnose makes them.
const findings = fc.uniqueArray(finding, { selector: (f) => f.check, maxLength: CHECKS.length });

describe('linkCauses', () => {
  it('links causes as the full walk did, for any set of findings', () => {
    fc.assert(
      fc.property(findings, (fs) => {
        expect(linkCauses(fs)).toEqual(linkCausesPlain(fs));
      }),
      { seed: 20261208, numRuns: 1000 },
    );
  });

  it('returns a copy of the findings when nothing failing can be explained by a cause', () => {
    const fs = [findingOf({ failing: true, summary: 's', evidence: {} }, 'maxmemory-unset', 'warning', 't', ['r'], undefined, undefined)];
    const out = linkCauses(fs);
    expect(out).toEqual(fs);
    expect(out).not.toBe(fs);
  });
});

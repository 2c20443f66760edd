import { describe, expect, it } from 'vitest';
import { LABEL_SETS_MAX, LabelPairSets, LabelSets } from '../../src/exposition/labels.js';

describe('LabelSets', () => {
  it('gives the same labels object for the same value, poll after poll', () => {
    const sets = new LabelSets('cmd');
    expect(sets.of('get')).toBe(sets.of('get'));
    expect(sets.of('get')).toEqual({ cmd: 'get' });
    expect(sets.of('set')).not.toBe(sets.of('get'));
    const pairs = new LabelPairSets('cmd', 'quantile');
    expect(pairs.of('get', '0.5')).toBe(pairs.of('get', '0.5'));
    expect(Object.keys(pairs.of('get', '0.99'))).toEqual(['cmd', 'quantile']);
  });

  it('keeps at most LABEL_SETS_MAX values; past that, fresh objects with the same labels', () => {
    const sets = new LabelSets('cmd');
    for (let i = 0; i < LABEL_SETS_MAX; i++) sets.of(`c${i}`);
    expect(sets.of('c0')).toBe(sets.of('c0'));
    const late = sets.of('late');
    expect(late).toEqual({ cmd: 'late' });
    expect(sets.of('late')).not.toBe(late);
    const pairs = new LabelPairSets('a', 'b');
    for (let i = 0; i < LABEL_SETS_MAX; i++) pairs.of('x', `${i}`);
    expect(pairs.of('y', 'z')).not.toBe(pairs.of('y', 'z'));
    expect(pairs.of('x', '0')).toBe(pairs.of('x', '0'));
  });
});

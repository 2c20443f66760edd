import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedBytes } from '../../src/http/merged-bytes.js';
import type { Sample } from '../../src/exposition/sample.js';
import { NO_FAMILIES, renderFamilies, type RenderedFamilies } from '../../src/exposition/text-format.js';
import { mergedText } from '../helpers/exposition.js';

const NAMES = ['redis_up', 'redis_memory_used_bytes', 'redis_commands_total', 'redis_vitals_polls_total', 'redis_db_keys'];

/** Samples of a few families, in any order and subset, with label values that need escaping or are not ASCII. */
const samples = fc.array(
  fc.record({
    name: fc.constantFrom(...NAMES),
    value: fc.oneof(fc.integer(), fc.double({ noNaN: false })),
    label: fc.option(fc.string({ unit: fc.constantFrom('a', 'ü', '€', '😀', '"', '\\', '\n', 'x', '中') }), { nil: undefined }),
  }),
  { maxLength: 12 },
);

function targetFamilies(name: string, rows: readonly { name: string; value: number; label: string | undefined }[]): RenderedFamilies {
  const list: Sample[] = rows.map((r) => ({
    name: r.name,
    type: 'gauge',
    help: `help of ${r.name} ü`,
    labels: (r.label === undefined ? {} : { db: r.label }) as Record<string, string>,
    value: r.value,
  }));
  return list.length === 0 ? NO_FAMILIES : renderFamilies(list, { target: name });
}

const bodyOf = (targets: readonly RenderedFamilies[], chunk?: number) => Buffer.concat([...mergedBytes(targets, chunk)]);

describe('mergedBytes: the multi-target body written straight to Buffers', () => {
  it('is byte for byte the joined merged text, whatever the chunk size (multi-byte characters included)', () => {
    fc.assert(
      fc.property(fc.array(samples, { maxLength: 6 }), fc.integer({ min: 1, max: 300 }), (targets, chunk) => {
        const families = targets.map((rows, i) => targetFamilies(`t${i}`, rows));
        expect(bodyOf(families, chunk).equals(Buffer.from(mergedText(families), 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fills chunks of the size asked for, and gives a piece larger than that a chunk of its own', () => {
    const t = [targetFamilies('a', [{ name: 'redis_up', value: 1, label: 'x'.repeat(500) }]), targetFamilies('b', [{ name: 'redis_up', value: 0, label: 'y' }])];
    const chunks = [...mergedBytes(t, 64)];
    expect(Buffer.concat(chunks).toString()).toBe(mergedText(t));
    expect(chunks.some((c) => c.length > 500)).toBe(true);
    expect(chunks.filter((c) => c.length <= 500).every((c) => c.length <= 64)).toBe(true);
    // The default size: a body of a few KB comes as one Buffer, not one per family or series.
    expect([...mergedBytes(t)]).toHaveLength(1);
  });

  it('yields nothing for no targets or targets without families', () => {
    expect([...mergedBytes([])]).toEqual([]);
    expect([...mergedBytes([NO_FAMILIES, NO_FAMILIES])]).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFamilies, joinFamilies, renderFamilies, RenderReuse, type RenderedFamilies } from '../../src/exposition/text-format.js';
import { escapeLabelValue } from '../../src/exposition/labels.js';
import { NO_LABELS, type Labels, type Sample } from '../../src/exposition/sample.js';
import { renderRepeat } from '../../src/exposition/render-repeat.js';
import { renderFamiliesPlain } from '../helpers/render-plain.js';

/**
 * renderFamilies with a target's RenderReuse (what polls use) must give exactly what the plain
 * renderer gives, poll after poll, however labels change between polls: the same families,
 * headers, series text and offsets, hence the same bytes.
 */
const params = { seed: Number(process.env.FUZZ_SEED ?? 20261207), numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

const NAMES = ['redis_up', 'redis_commands_total', 'redis_db_keys', 'a', 'a_sum', 'b_seconds'];
const KEYS = ['cmd', 'db', 'target', 'exported_target', 'role', 'quantile'];
// Values that look like pieces of rendered text, so a reused line is tried against near misses.
const valueText = fc.oneof(fc.constantFrom('', 'db0', 'db1', 'get', 'a"b', 'c\\d', 'e\nf', '\x01', 'x,y="z', 'get",cmd="set', 'é', '\ud800', 'get"} 5\nredis_up 1', ' '), fc.string({ maxLength: 8 }));
const value = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 2 ** 53, 0.1, Number.NaN, Infinity, -Infinity));
const labels = fc.dictionary(fc.constantFrom(...KEYS), valueText, { maxKeys: 3 });
const sample = fc.record({
  name: fc.constantFrom(...NAMES),
  type: fc.constantFrom('gauge' as const, 'counter' as const, 'summary' as const),
  help: fc.constantFrom('h', 'help \\ with\nnewline', 'in µs'),
  labels,
  value,
  suffix: fc.constantFrom(undefined, '_sum' as const, '_count' as const),
});
type Raw = { name: string; type: Sample['type']; help: string; labels: Labels; value: number; suffix: Sample['suffix'] };
const asSample = (s: Raw): Sample => (s.suffix ? { ...s } : { name: s.name, type: s.type, help: s.help, labels: s.labels, value: s.value });

/**
 * Labels whose raw text equals what another label set rendered to: each value replaced by its
 * escaped form, or (merge) two labels folded into one value that spells both.
 */
function trick(s: Raw, merge: boolean): Raw {
  const keys = Object.keys(s.labels);
  if (merge && keys.length >= 2) {
    const [k1, k2] = keys as [string, string];
    return { ...s, labels: { [k1]: `${escapeLabelValue(s.labels[k1] ?? '')}",${k2}="${escapeLabelValue(s.labels[k2] ?? '')}` } };
  }
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = escapeLabelValue(s.labels[k] ?? '');
  return { ...s, labels: out };
}

function nextValue(v: number, step: number | 'shorter' | undefined): number {
  if (step === 'shorter') return Math.trunc(v / 10);
  return step ?? v;
}

/** A first poll, then polls that keep most samples (new values, fresh label objects), change some, and repeat some. */
const polls = fc.array(sample, { maxLength: 40 }).chain((first) =>
  fc
    .array(
      fc.record({
        changes: fc.array(fc.tuple(fc.nat(), sample), { maxLength: 4 }),
        // undefined: the same value again (so runs of unchanged lines form); 'shorter': one digit less.
        values: fc.array(fc.oneof(fc.constant(undefined), fc.constant('shorter' as const), value), { minLength: first.length, maxLength: first.length }),
        tricks: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 3 }),
        drop: fc.constantFrom(0, 0, 0, 1, 2),
        repeat: fc.nat(3),
        // A collector that keeps its label objects (interned): the same object as last poll.
        sameLabels: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((steps) => {
      const out: Sample[][] = [first.map(asSample)];
      let cur: Raw[] = first;
      for (const st of steps) {
        let next: Raw[] = cur.map((s, i) => ({ ...s, labels: st.sameLabels ? s.labels : { ...s.labels }, value: nextValue(s.value, st.values[i]) }));
        next = next.slice(st.drop % Math.max(1, next.length));
        for (const [at, s] of st.changes) if (next.length > 0) next[at % next.length] = s;
        for (const [at, merge] of st.tricks) if (next.length > 0) next[at % next.length] = trick(next[at % next.length] as Raw, merge);
        next = [...next, ...next.slice(0, st.repeat)];
        out.push(next.map(asSample));
        cur = next;
      }
      return out;
    }),
);
/**
 * Polls shaped like the first (what most polls are): new values only, label objects kept or
 * copied, now and then one sample's labels replaced (by a lookalike or others) or its help changed.
 */
const sameShapePolls = fc.array(sample, { maxLength: 40 }).chain((first) =>
  fc
    .array(
      fc.record({
        values: fc.array(fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant('shorter' as const), value), { minLength: first.length, maxLength: first.length }),
        sameLabels: fc.boolean(),
        trick: fc.option(fc.tuple(fc.nat(), fc.boolean()), { nil: undefined, freq: 4 }),
        help: fc.option(fc.nat(), { nil: undefined, freq: 6 }),
        relabel: fc.option(fc.tuple(fc.nat(), labels), { nil: undefined, freq: 4 }),
        // The same labels in another order: another text (a repeat must not keep the old line).
        reorder: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((steps) => {
      const out: Sample[][] = [first.map(asSample)];
      let cur: Raw[] = first;
      for (const st of steps) {
        const next: Raw[] = cur.map((s, i) => ({ ...s, labels: st.sameLabels ? s.labels : { ...s.labels }, value: nextValue(s.value, st.values[i]) }));
        if (st.trick && next.length > 0) next[st.trick[0] % next.length] = trick(next[st.trick[0] % next.length] as Raw, st.trick[1]);
        if (st.relabel && next.length > 0) next[st.relabel[0] % next.length] = { ...(next[st.relabel[0] % next.length] as Raw), labels: st.relabel[1] };
        if (st.reorder !== undefined && next.length > 0) {
          const at = st.reorder % next.length;
          const l = (next[at] as Raw).labels;
          next[at] = { ...(next[at] as Raw), labels: Object.fromEntries(Object.entries(l).reverse()) };
        }
        if (st.help !== undefined && next.length > 0) {
          const at = st.help % next.length;
          next[at] = { ...(next[at] as Raw), help: (next[at] as Raw).help === 'h' ? 'other' : 'h' };
        }
        out.push(next.map(asSample));
        cur = next;
      }
      return out;
    }),
);

const extra = fc.option(fc.dictionary(fc.constantFrom('target', 'env', 'role'), valueText, { maxKeys: 2 }), { nil: undefined });

const parts = (r: RenderedFamilies) => ({ names: [...r.names], headers: [...r.headers], series: r.series, ends: [...r.ends] });

describe('renderFamilies reusing the last render', () => {
  it('gives what the plain renderer gives, poll after poll', () => {
    fc.assert(
      fc.property(polls, extra, fc.boolean(), (list, extraLabels, bytes) => {
        const reuse = new RenderReuse(bytes);
        for (const samples of list) {
          const r = renderFamilies(samples, extraLabels, reuse);
          const plain = renderFamiliesPlain(samples, extraLabels);
          // Bytes first: a render into bytes makes its series text only when asked.
          expect(encodeFamilies(r).equals(Buffer.from(joinFamilies(plain), 'utf8'))).toBe(true);
          expect(parts(r)).toEqual(parts(plain));
        }
      }),
      params,
    );
  });

  it('gives what the plain renderer gives for polls shaped like the last', () => {
    fc.assert(
      fc.property(sameShapePolls, extra, fc.boolean(), fc.boolean(), (list, extraLabels, bytes, askText) => {
        const reuse = new RenderReuse(bytes);
        for (const samples of list) {
          const r = renderFamilies(samples, extraLabels, reuse);
          const plain = renderFamiliesPlain(samples, extraLabels);
          expect(r.body === undefined || bytes).toBe(true);
          // The text of a render into bytes is asked for now and then (a merge), or never.
          if (askText) expect(parts(r)).toEqual(parts(plain));
          expect(encodeFamilies(r).equals(Buffer.from(joinFamilies(plain), 'utf8'))).toBe(true);
        }
        const last = list.at(-1) as Sample[];
        expect(parts(renderFamilies(last, extraLabels, reuse))).toEqual(parts(renderFamiliesPlain(last, extraLabels)));
      }),
      params,
    );
  });

  it('renders a poll shaped like the last from the kept lines (renderRepeat), not in full', () => {
    const reuse = new RenderReuse();
    // A target passes the same extra labels object every poll.
    const t = { target: 't' };
    const labels = { cmd: 'get' };
    const poll = (v: number, l: Labels = labels): Sample[] => [
      { name: 'redis_commands_total', type: 'counter', help: 'h', labels: l, value: v },
      { name: 'redis_up', type: 'gauge', help: 'u', labels: NO_LABELS, value: 1 },
      { name: 'redis_commands_total', type: 'counter', help: 'h', labels: { cmd: 'set' }, value: 7 },
    ];
    renderFamilies(poll(1), t, reuse);
    const second = renderRepeat(poll(2), t, reuse);
    expect(second?.series).toBe(renderFamiliesPlain(poll(2), t).series);
    expect(second?.series).toBe('redis_commands_total{target="t",cmd="get"} 2\nredis_commands_total{target="t",cmd="set"} 7\nredis_up{target="t"} 1\n');
    // Another label value, another family order, another extra labels object: not shaped like the last.
    expect(renderRepeat(poll(3, { cmd: 'del' }), t, reuse)).toBeUndefined();
    expect(renderRepeat(poll(3).reverse(), t, reuse)).toBeUndefined();
    expect(renderRepeat(poll(3), { target: 'u' }, reuse)).toBeUndefined();
    // The same sample without its suffix: another line.
    const summed = (suffix: Sample['suffix']): Sample[] => [{ name: 'a', type: 'summary', help: 'h', labels: NO_LABELS, value: 1, ...(suffix ? { suffix } : {}) }];
    renderFamilies(summed('_sum'), t, reuse);
    expect(renderRepeat(summed(undefined), t, reuse)).toBeUndefined();
    // A repeat that failed after taking some new values (line 1's here) repeats nothing until a full render.
    renderFamilies(poll(3), t, reuse);
    const half = poll(4);
    half[2] = { ...(half[2] as Sample), labels: { cmd: 'del' } };
    expect(renderRepeat(half, t, reuse)).toBeUndefined();
    expect(renderRepeat(poll(4), t, reuse)).toBeUndefined();
    expect(renderFamilies(poll(4), t, reuse).series).toBe(renderFamiliesPlain(poll(4), t).series);
    expect(renderRepeat(poll(4), t, reuse)?.series).toBe(renderFamiliesPlain(poll(4), t).series);
    // A repeated series leaves lines and samples unpaired: rendered in full from then on.
    renderFamilies([...poll(4), ...poll(4)], t, reuse);
    expect(renderRepeat([...poll(5), ...poll(5)], t, reuse)).toBeUndefined();
  });

  it('reuses the text of an unchanged line and builds a changed one', () => {
    const reuse = new RenderReuse();
    const poll = (cmd: string, v: number): Sample[] => [
      { name: 'redis_commands_total', type: 'counter', help: 'h', labels: { cmd: 'get' }, value: v },
      { name: 'redis_commands_total', type: 'counter', help: 'h', labels: { cmd }, value: v },
    ];
    const first = renderFamilies(poll('set', 1), { target: 't' }, reuse);
    const second = renderFamilies(poll('del', 2), { target: 't' }, reuse);
    expect(second.series).toBe('redis_commands_total{target="t",cmd="get"} 2\nredis_commands_total{target="t",cmd="del"} 2\n');
    expect(first.series).toBe('redis_commands_total{target="t",cmd="get"} 1\nredis_commands_total{target="t",cmd="set"} 1\n');
    // A repeated series is still served once, also when one copy's text was reused.
    const third = renderFamilies([...poll('get', 3)], { target: 't' }, reuse);
    expect(third.series).toBe('redis_commands_total{target="t",cmd="get"} 3\n');
  });

  it('does not join unchanged lines that were not next to each other', () => {
    const reuse = new RenderReuse();
    const g = (db: string, name = 'k'): Sample => ({ name, type: 'gauge', help: 'h', labels: { db }, value: 1 });
    renderFamilies([g('0'), g('1'), g('2')], undefined, reuse);
    const second = renderFamilies([g('0'), g('1', 'other'), g('2')], undefined, reuse);
    expect(second.series).toBe('k{db="0"} 1\nk{db="2"} 1\nother{db="1"} 1\n');
    expect([...second.ends]).toEqual([24, 40]);
  });

  it('writes a repeat into bytes from the last body: same-length and longer or shorter values, and not from a non-ASCII body', () => {
    const t = { target: 't' };
    const db = { db: '0' };
    const poll = (a: number, b: number, c: number, l: Labels = db): Sample[] => [
      { name: 'k', type: 'gauge', help: 'h', labels: l, value: a },
      { name: 'redis_up', type: 'gauge', help: 'u in µs', labels: NO_LABELS, value: b },
      { name: 'k', type: 'gauge', help: 'h', labels: { db: '1' }, value: c },
    ];
    const reuse = new RenderReuse(true);
    const first = renderFamilies(poll(1, 1, 10), t, reuse);
    expect(first.body?.toString()).toBe(joinFamilies(renderFamiliesPlain(poll(1, 1, 10), t)));
    // A help text in UTF-8 (µ is two bytes): still repeated into bytes.
    expect(reuse.body).toBe(first.body);
    for (const [a, b, c] of [
      [2, 1, 10],
      // Back to the value before the last: still written (the kept value is the last one).
      [1, 1, 10],
      [2, 1, 100],
      [1234.5, 0, 3],
      [Number.NaN, Infinity, -0],
      [-Infinity, 7, 0.1],
    ] as const) {
      const repeated = renderRepeat(poll(a, b, c, { db: '0' }), t, reuse);
      const plain = renderFamiliesPlain(poll(a, b, c), t);
      expect(repeated?.body?.toString()).toBe(joinFamilies(plain));
      expect(repeated?.series).toBe(plain.series);
    }
    // A label value of two UTF-8 bytes: offsets in text and bytes differ, so no body is kept to repeat from.
    const wide = new RenderReuse(true);
    const e = { db: 'é' };
    renderFamilies(poll(1, 1, 1, e), t, wide);
    const again = renderRepeat(poll(2, 1, 1, e), t, wide);
    expect(again?.body).toBeUndefined();
    expect(again && encodeFamilies(again).toString()).toBe(joinFamilies(renderFamiliesPlain(poll(2, 1, 1, e), t)));
  });
});

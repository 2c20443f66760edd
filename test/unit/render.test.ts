import { describe, expect, it } from 'vitest';
import { encodeFamilies, joinFamilies, labelPairs, renderFamilies } from '../../src/exposition/text-format.js';
import { mergedText, renderText } from '../helpers/exposition.js';
import { emptySnapshot, makeSnapshot } from '../../src/poll/snapshot.js';
import { SampleSink } from '../../src/exposition/sample.js';

describe('exposition renderer', () => {
  it('groups a family under one HELP/TYPE and escapes label values', () => {
    const s = new SampleSink();
    s.add('a', 'gauge', 'help with \\ and\nnewline', 1, { x: 'q"uote\\back\nline' });
    s.add('b_total', 'counter', 'b', 2);
    s.add('a', 'gauge', 'ignored', 3, { x: 'y' });
    expect(renderText(s.samples)).toBe('# HELP a help with \\\\ and\\nnewline\n# TYPE a gauge\na{x="q\\"uote\\\\back\\nline"} 1\na{x="y"} 3\n# HELP b_total b\n# TYPE b_total counter\nb_total 2\n');
  });

  it('never emits NaN, undefined or a duplicate series', () => {
    const s = new SampleSink();
    s.add('a', 'gauge', 'h', Number.NaN);
    s.add('a', 'gauge', 'h', undefined);
    s.add('b', 'gauge', 'h', 1);
    s.add('b', 'gauge', 'h', 2);
    expect(renderText(s.samples)).toBe('# HELP b h\n# TYPE b gauge\nb 1\n');
  });

  it('prepends extra labels to every series', () => {
    const s = new SampleSink();
    s.add('a', 'gauge', 'h', 1, { db: 'db0' });
    expect(renderText(s.samples, { target: 't1' })).toContain('a{target="t1",db="db0"} 1');
  });
});

describe('per-family exposition (what snapshots keep)', () => {
  const target = (name: string, up: number) => {
    const s = new SampleSink();
    s.add('redis_up', 'gauge', 'up', up);
    s.add('redis_commands_total', 'counter', 'calls', 5, { cmd: 'get' });
    return renderFamilies(s.samples, { target: name, env: 'prod' });
  };

  it("merges targets by family: one HELP/TYPE, then every target's series of it", () => {
    expect(mergedText([target('a', 1), target('b', 0)])).toBe(
      '# HELP redis_up up\n# TYPE redis_up gauge\nredis_up{target="a",env="prod"} 1\nredis_up{target="b",env="prod"} 0\n' +
        '# HELP redis_commands_total calls\n# TYPE redis_commands_total counter\n' +
        'redis_commands_total{target="a",env="prod",cmd="get"} 5\nredis_commands_total{target="b",env="prod",cmd="get"} 5\n',
    );
  });

  it('merging equals rendering all samples at once', () => {
    const a = new SampleSink();
    a.add('x', 'gauge', 'h', 1);
    a.add('y', 'gauge', 'h', 2, { k: 'v' });
    const b = new SampleSink();
    b.add('y', 'gauge', 'h', 3, { k: 'w' });
    b.add('z', 'gauge', 'h', 4);
    const groups = [
      { samples: a.samples, extraLabels: { target: 'a' } },
      { samples: b.samples, extraLabels: { target: 'b' } },
    ];
    expect(mergedText(groups.map((g) => renderFamilies(g.samples, g.extraLabels)))).toBe(
      '# HELP x h\n# TYPE x gauge\nx{target="a"} 1\n# HELP y h\n# TYPE y gauge\ny{target="a",k="v"} 2\ny{target="b",k="w"} 3\n# HELP z h\n# TYPE z gauge\nz{target="b"} 4\n',
    );
  });

  it("a snapshot's own text drops the target label (with or without other labels) and nothing else", () => {
    const s = new SampleSink();
    s.add('redis_up', 'gauge', 'up', 1);
    s.add('redis_x', 'gauge', 'x', 2, { note: '{target="t1",' });
    const families = renderFamilies(s.samples, { target: 't1' });
    const snap = makeSnapshot({ ...emptySnapshot('t1'), families }, labelPairs({ target: 't1' }));
    expect(snap.text).toBe('# HELP redis_up up\n# TYPE redis_up gauge\nredis_up 1\n# HELP redis_x x\n# TYPE redis_x gauge\nredis_x{note="{target=\\"t1\\","} 2\n');
    expect(snap.bytes.toString('utf8')).toBe(snap.text);
    expect(snap.bytes).toBe(snap.bytes); // encoded once, then kept
    expect(Object.isFrozen(snap)).toBe(true);
    expect(() => Object.assign(snap, { up: false })).toThrow(TypeError);
    const plain = makeSnapshot({ ...emptySnapshot('t1'), families: renderFamilies(s.samples) });
    expect(plain.text).toBe(snap.text);
    expect(plain.bytes.equals(snap.bytes)).toBe(true);
  });

  it('encodes the families straight to the bytes of their joined text, multi-byte characters included', () => {
    const s = new SampleSink();
    s.add('redis_key_size', 'gauge', 'size of a key (ü)', 3, { key: 'schlüssel-😀', db: 'db0' });
    s.add('redis_key_size', 'gauge', 'size of a key (ü)', 4, { key: 'ascii', db: 'db0' });
    s.add('redis_up', 'gauge', 'up', 1);
    s.add('redis_note', 'gauge', 'n', 5, { v: '日本語\n' });
    const families = renderFamilies(s.samples, { target: 'a' });
    expect(encodeFamilies(families).equals(Buffer.from(joinFamilies(families), 'utf8'))).toBe(true);
    expect(encodeFamilies(renderFamilies([])).length).toBe(0);
    const snap = makeSnapshot({ ...emptySnapshot('a'), families: renderFamilies(s.samples) });
    expect(snap.bytes.toString('utf8')).toBe(joinFamilies(renderFamilies(s.samples)));
  });
});

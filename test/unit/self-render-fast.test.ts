import { closeSync, openSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listedFds, openFds } from '../../src/exposition/process-metrics.js';
import { renderSelf, type SelfFamily } from '../../src/exposition/self-text.js';
import { escapeHelp, formatValue, labelPairs } from '../../src/exposition/text-format.js';

/** renderSelf as it was before the HELP/TYPE lines were built once per family: the reference. */
function plainRenderSelf(list: readonly SelfFamily[]): string {
  const parts: string[] = [];
  for (const { family: f, series } of list) {
    let text = `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}`;
    for (const s of series) {
      const labels = s.labels ? labelPairs(s.labels) : '';
      text += `\n${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`;
    }
    parts.push(text);
  }
  return `${parts.join('\n\n')}\n`;
}

const family = fc.record({
  name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/),
  type: fc.constantFrom('gauge' as const, 'counter' as const, 'histogram' as const),
  help: fc.string({ maxLength: 40 }),
});
const series = fc.record({ labels: fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), fc.string({ maxLength: 10 })), { nil: undefined }), value: fc.double() });

describe('self-metrics render, made cheaper per scrape', () => {
  it('renders what the plain renderer renders, the same families again and again', () => {
    fc.assert(
      fc.property(fc.array(family, { maxLength: 6 }), fc.array(fc.array(series, { maxLength: 4 }), { minLength: 3, maxLength: 3 }), (families, rounds) => {
        // The same family objects every round, as the exporter's are: the cached header must follow none of the values.
        for (const round of rounds) {
          const list = families.map((f, i) => ({ family: f, series: i % 2 ? round : round.slice(0, 1) }));
          expect(renderSelf(list)).toBe(plainRenderSelf(list));
        }
      }),
    );
  });

  it('counts open descriptors as listing /proc/self/fd does, however many are open', () => {
    const opened: number[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        expect(openFds()).toBe(listedFds());
        opened.push(openSync('/proc/self/status', 'r'));
      }
      expect(openFds()).toBe(listedFds());
    } finally {
      opened.forEach((fd) => closeSync(fd));
    }
  });
});

import type { Family, Section } from '../../src/exposition/family.js';

/**
 * docs/metrics.md from the family declarations. The file is its own template: prose is
 * hand-written and kept; each section's table sits between `<!-- families: <section> -->` and
 * `<!-- /families -->` and is rewritten from the families declared for that section, in
 * registry order (src/catalog/families.ts).
 */
const BLOCK = /^<!-- families: ([a-z-]+) -->\n(?:.*\n)*?<!-- \/families -->$/gm;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(list: readonly Family[]): string {
  const rows = list.map((f) => {
    const labels = f.labels.length === 0 ? '—' : f.labels.map((l) => `\`${l}\``).join(', ');
    const layer = f.compat ? `${f.layer} (compat)` : String(f.layer);
    return `| \`${f.name}\` | ${f.type} | ${labels} | ${cell(f.doc)} | ${layer} | \`${f.collector}\` |`;
  });
  return ['| name | type | labels | source | layer | collector |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** `template` with every families block regenerated; throws when a section has no block or a block no section. */
export function metricsDoc(template: string, families: readonly Family[]): string {
  const bySection = new Map<Section, Family[]>();
  for (const f of families) bySection.set(f.section, [...(bySection.get(f.section) ?? []), f]);
  const seen = new Set<string>();
  const out = template.replace(BLOCK, (_block, section: string) => {
    const list = bySection.get(section as Section);
    if (!list) throw new Error(`docs/metrics.md: no family is declared for section "${section}"`);
    if (seen.has(section)) throw new Error(`docs/metrics.md: section "${section}" has two tables`);
    seen.add(section);
    return `<!-- families: ${section} -->\n${table(list)}\n<!-- /families -->`;
  });
  const missing = [...bySection.keys()].filter((s) => !seen.has(s));
  if (missing.length > 0) throw new Error(`docs/metrics.md: no <!-- families: … --> table for section(s) ${missing.join(', ')}`);
  return out;
}

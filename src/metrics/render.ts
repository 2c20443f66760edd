import type { Labels, Sample } from './sample.js';

/** Renders samples as Prometheus text exposition 0.0.4, grouping each family under one HELP/TYPE. */

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels, extra: Labels | undefined): string {
  const parts: string[] = [];
  for (const src of [extra, labels]) {
    if (!src) continue;
    for (const key of Object.keys(src)) parts.push(`${key}="${escapeLabelValue(src[key] ?? '')}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export interface SampleGroup {
  readonly samples: readonly Sample[];
  /** Prepended to every series of the group (a target's `target` label and its configured labels). */
  readonly extraLabels?: Labels;
}

/** Renders one set of samples. Families keep their first-seen order so output is stable from poll to poll. */
export function renderSamples(samples: readonly Sample[], extraLabels?: Labels): string {
  return renderGroups([extraLabels ? { samples, extraLabels } : { samples }]);
}

/** Renders several targets' samples as one exposition: each family once, its series from every group. */
export function renderGroups(groups: readonly SampleGroup[]): string {
  const families = new Map<string, { s: Sample; extra: Labels | undefined }[]>();
  for (const g of groups) {
    for (const s of g.samples) {
      const list = families.get(s.name);
      if (list) list.push({ s, extra: g.extraLabels });
      else families.set(s.name, [{ s, extra: g.extraLabels }]);
    }
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [name, list] of families) {
    const first = list[0];
    if (!first) continue;
    out.push(`# HELP ${name} ${escapeHelp(first.s.help)}`);
    out.push(`# TYPE ${name} ${first.s.type}`);
    for (const { s, extra } of list) {
      const line = `${name}${s.suffix ?? ''}${formatLabels(s.labels, extra)}`;
      // Duplicate series are invalid exposition; keep the first (a malformed INFO can repeat a field).
      if (seen.has(line)) continue;
      seen.add(line);
      out.push(`${line} ${formatValue(s.value)}`);
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

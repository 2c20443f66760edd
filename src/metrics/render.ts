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

/**
 * `extraLabels` are prepended to every series (multi-target mode adds the target's labels).
 * Families keep their first-seen order so output is stable from poll to poll.
 */
export function renderSamples(samples: readonly Sample[], extraLabels?: Labels): string {
  const families = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = families.get(s.name);
    if (list) list.push(s);
    else families.set(s.name, [s]);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [name, list] of families) {
    const first = list[0];
    if (!first) continue;
    out.push(`# HELP ${name} ${escapeHelp(first.help)}`);
    out.push(`# TYPE ${name} ${first.type}`);
    for (const s of list) {
      const line = `${name}${s.suffix ?? ''}${formatLabels(s.labels, extraLabels)}`;
      // Duplicate series are invalid exposition; keep the first (a malformed INFO can repeat a field).
      if (seen.has(line)) continue;
      seen.add(line);
      out.push(`${line} ${formatValue(s.value)}`);
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

import { joinFamilies, renderFamilies } from './text-format.js';
import { mergeFamilies } from './merge.js';
import type { Labels, Sample } from './sample.js';

/** Prometheus text exposition 0.0.4 from samples; the work is in exposition.ts. */

export interface SampleGroup {
  readonly samples: readonly Sample[];
  /** Prepended to every series of the group (a target's `target` label and its configured labels). */
  readonly extraLabels?: Labels;
}

/** Renders one set of samples. Families keep their first-seen order so output is stable from poll to poll. */
export function renderSamples(samples: readonly Sample[], extraLabels?: Labels): string {
  return joinFamilies(renderFamilies(samples, extraLabels));
}

/** Renders several targets' samples as one exposition: each family once, its series from every group. */
export function renderGroups(groups: readonly SampleGroup[]): string {
  return mergeFamilies(groups.map((g) => renderFamilies(g.samples, g.extraLabels)));
}

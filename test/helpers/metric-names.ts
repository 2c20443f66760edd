import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/rules.js';

/**
 * The metric names alert rules and dashboards may query: what docs/metrics.md documents (the
 * code's contract, kept in step by metrics-doc.test.ts), plus names other issues fix before their
 * code lands. A name in neither is a typo, and a `(compat)` name would break with
 * --compat.redis-exporter=false.
 */
export function documentedNames(): { all: Set<string>; compat: Set<string> } {
  const all = new Set<string>();
  const compat = new Set<string>();
  for (const line of readFileSync(join(ROOT, 'docs/metrics.md'), 'utf8').split('\n')) {
    const m = /^\| `(redis_[a-z0-9_]+)` \|.*\| (\d)( \(compat\))? \|$/.exec(line);
    if (!m) continue;
    all.add(m[1] as string);
    if (m[3]) compat.add(m[1] as string);
  }
  return { all, compat };
}

/**
 * Names fixed by the open issues' texts (host: issue 3; replication and latency: issue 4) that
 * main does not emit yet. Each one leaves this list when docs/metrics.md
 * documents it.
 */
export const PENDING_NAMES: ReadonlySet<string> = new Set<string>([]);

/** Series Prometheus itself makes: scrape health and alert state. */
export const PROMETHEUS_NAMES: ReadonlySet<string> = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

import { parseSavePoints } from '../../parse/config.js';
import { num } from '../read.js';
import type { Rule } from '../types.js';

export const rdbStale: Rule = {
  id: 'rdb-stale',
  severity: 'warning',
  title: 'Last RDB snapshot is stale',
  when: 'save points are set, changes are pending, and the last successful save is older than `rdb-stale-factor` (2) × the longest save point',
  remedy: [
    'Saves are due but not happening: check `rdb_last_bgsave_status` and the log for failing or skipped BGSAVEs.',
    'Run `redis-cli BGSAVE` and confirm `redis-cli LASTSAVE` moves; then fix what stopped the scheduled saves.',
  ],
  evaluate(input) {
    const save = input.config?.string('save');
    const points = save === undefined ? undefined : parseSavePoints(save);
    const last = num(input.info, 'rdb_last_save_time');
    const changes = num(input.info, 'rdb_changes_since_last_save');
    if (!points || last === undefined || changes === undefined) return undefined;
    if (points.length === 0) return { failing: false, summary: 'No save points configured.', evidence: { save: '""' } };
    const longest = Math.max(...points.map((p) => p.seconds));
    const age = Math.max(0, input.now - last);
    const limit = longest * input.thresholds['rdb-stale-factor'];
    const evidence = { last_save_age_seconds: Math.round(age), longest_save_point_seconds: longest, rdb_changes_since_last_save: changes };
    if (changes === 0 || age <= limit) return { failing: false, summary: `Last successful save ${Math.round(age)} s ago.`, evidence };
    return { failing: true, summary: `Last successful save was ${Math.round(age)} s ago with ${changes} changes pending; the longest save point is ${longest} s.`, evidence };
  },
};

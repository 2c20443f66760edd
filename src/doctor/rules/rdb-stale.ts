import { parseSavePoints } from '../../parse/config.js';
import { hostValues, logText } from '../host-values.js';
import { fmtDuration, num } from '../read.js';
import type { Rule } from '../types.js';

export const rdbStale: Rule = {
  id: 'rdb-stale',
  severity: 'warning',
  title: 'Last RDB snapshot is stale',
  when: 'save points are set, changes are pending, and the last successful save is older than `rdb-stale-factor` (2) × the longest save point. A Redis that never saved since it started is said to have never saved (its `rdb_last_save_time` is only its start time)',
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
    // rdb_saves (7.0+) or, before it, a bgsave time of -1: nothing was saved since the start,
    // and rdb_last_save_time is then the start time, not a save.
    const saves = num(input.info, 'rdb_saves');
    const never = saves !== undefined ? saves === 0 : num(input.info, 'rdb_last_bgsave_time_sec') === -1;
    const longest = Math.max(...points.map((p) => p.seconds));
    const age = Math.max(0, input.now - last);
    const limit = longest * input.thresholds['rdb-stale-factor'];
    const evidence = {
      [never ? 'started_ago_seconds' : 'last_save_ago_seconds']: Math.round(age),
      never_saved_since_start: String(never),
      longest_save_point_seconds: longest,
      rdb_changes_since_last_save: changes,
    };
    const lastText = never ? `Never saved since it started ${fmtDuration(age)} ago` : `Last successful save ${fmtDuration(age)} ago`;
    if (changes === 0 || age <= limit) return { failing: false, summary: `${lastText}.`, evidence };
    const v = hostValues(input);
    return {
      failing: true,
      summary: `${lastText}, with ${changes} changes pending; the longest save point is ${fmtDuration(longest)}.`,
      evidence,
      remedy: [
        `Saves are due but not happening: check \`${v.cli} INFO persistence\` (rdb_last_bgsave_status) and ${logText(v)} for failing or skipped BGSAVEs.`,
        `Run \`${v.cli} BGSAVE\` and confirm \`${v.cli} LASTSAVE\` moves; then fix what stopped the scheduled saves.`,
      ],
    };
  },
};

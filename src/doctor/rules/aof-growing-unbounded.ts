import { hostValues, persistText } from '../host-values.js';
import { fmtBytes, num, str } from '../read.js';
import type { Rule } from '../types.js';

export const aofGrowingUnbounded: Rule = {
  id: 'aof-growing-unbounded',
  severity: 'warning',
  title: 'AOF growing unbounded',
  when: 'AOF on, no rewrite running, and `aof_current_size` is more than `aof-unbounded-factor` (2) × the size at which `auto-aof-rewrite-percentage`/`auto-aof-rewrite-min-size` should have rewritten it; or auto-rewrite is off (percentage 0) and the AOF has grown to that factor × its base size',
  remedy: [
    'Rewrite now: `redis-cli BGREWRITEAOF`, and watch `aof_last_bgrewrite_status`.',
    "Auto-rewrite off: `CONFIG SET auto-aof-rewrite-percentage 100` and `auto-aof-rewrite-min-size 64mb` (the guide's values), then persist them.",
    'Auto-rewrite on but not happening: see aof-rewrite-failing and fork-failing (fork or disk problems).',
  ],
  evaluate(input) {
    if (str(input.info, 'aof_enabled') !== '1') return str(input.info, 'aof_enabled') === undefined ? undefined : { failing: false, summary: 'AOF is off.', evidence: { aof_enabled: 0 } };
    const current = num(input.info, 'aof_current_size');
    const base = num(input.info, 'aof_base_size');
    const pctSetting = input.config?.number('auto-aof-rewrite-percentage');
    const minSize = input.config?.bytes('auto-aof-rewrite-min-size');
    if (current === undefined || base === undefined || pctSetting === undefined || minSize === undefined) return undefined;
    const factor = input.thresholds['aof-unbounded-factor'];
    const due = pctSetting > 0 ? Math.max(minSize, base * (1 + pctSetting / 100)) : Math.max(minSize, base);
    const limit = due * factor;
    const evidence = { aof_current_size: current, aof_base_size: base, 'auto-aof-rewrite-percentage': pctSetting, 'auto-aof-rewrite-min-size': minSize, rewrite_due_at_bytes: Math.round(due) };
    if (str(input.info, 'aof_rewrite_in_progress') === '1' || current <= limit) return { failing: false, summary: `AOF is ${fmtBytes(current)} (base ${fmtBytes(base)}).`, evidence };
    const v = hostValues(input);
    const off = pctSetting === 0;
    return {
      failing: true,
      summary: off
        ? `Auto-rewrite is off (auto-aof-rewrite-percentage 0) and the AOF has grown to ${fmtBytes(current)} from a base of ${fmtBytes(base)}.`
        : `The AOF is ${fmtBytes(current)}, ${(current / due).toFixed(1)}× the ${fmtBytes(due)} at which auto-rewrite should have run: rewrites are not happening.`,
      evidence,
      remedy: [
        `Rewrite now: \`${v.cli} BGREWRITEAOF\`, then \`${v.cli} INFO persistence\` shows aof_last_bgrewrite_status:ok and a smaller aof_current_size.`,
        off
          ? `Turn auto-rewrite back on: \`${v.cli} CONFIG SET auto-aof-rewrite-percentage 100\`. ${persistText(v, 'auto-aof-rewrite-percentage 100')}`
          : 'Auto-rewrite is on but not happening: a failing fork or a full disk stops it (see aof-rewrite-failing, fork-failing, disk-space-low).',
      ],
    };
  },
};

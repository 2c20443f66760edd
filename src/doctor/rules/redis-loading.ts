import { hostValues } from '../host-values.js';
import { fmtBytes, fmtDuration, num, str } from '../read.js';
import type { Rule } from '../types.js';

export const redisLoading: Rule = {
  id: 'redis-loading',
  severity: 'warning',
  title: 'Redis is loading its dataset',
  when: '`loading:1` in INFO persistence (after a restart or a full resync): commands other than INFO get "LOADING Redis is loading the dataset in memory"; the finding shows progress and ETA',
  remedy: [
    'Wait: clients get LOADING errors until it finishes; `redis-cli INFO persistence` shows loading_loaded_perc and loading_eta_seconds.',
    'If loads are too slow for your restarts: a smaller dataset, `aof-use-rdb-preamble yes`, faster disks.',
  ],
  evaluate(input) {
    const loading = str(input.info, 'loading');
    if (loading === undefined) return undefined;
    const perc = num(input.info, 'loading_loaded_perc');
    const eta = num(input.info, 'loading_eta_seconds');
    const total = num(input.info, 'loading_total_bytes');
    const evidence = {
      loading,
      ...(perc !== undefined ? { loading_loaded_perc: perc } : {}),
      ...(eta !== undefined ? { loading_eta_seconds: eta } : {}),
      ...(total !== undefined ? { loading_total_bytes: total } : {}),
    };
    if (loading !== '1') return { failing: false, summary: 'Redis is not loading.', evidence };
    const v = hostValues(input);
    return {
      failing: true,
      summary: `${perc !== undefined ? `${perc.toFixed(1)}%` : 'An unknown part'}${total !== undefined ? ` of ${fmtBytes(total)}` : ''} loaded${eta !== undefined && eta >= 0 ? `, about ${fmtDuration(eta)} left` : ''}; commands other than INFO get LOADING errors until then.`,
      evidence,
      remedy: [
        `Wait for it: \`${v.cli} INFO persistence\` shows loading_loaded_perc and loading_eta_seconds; clients get "LOADING Redis is loading the dataset in memory" until loading:0.`,
        'If loads are too slow for your restarts: a smaller dataset, `aof-use-rdb-preamble yes`, faster disks.',
      ],
    };
  },
};

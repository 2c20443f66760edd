import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const persistenceDisabled: Rule = {
  id: 'persistence-disabled',
  severity: 'info',
  title: 'Persistence is off',
  when: '`save ""` and `appendonly no` on a master holding keys or replicas',
  remedy: [
    'With `save ""` and `appendonly no` a restart loses every key; a replica restarting from this master receives an empty dataset.',
    'If the data matters enable both: `save 900 1`, `save 300 10`, `save 60 10000` and `appendonly yes` with `appendfsync everysec`.',
  ],
  evaluate(input) {
    const save = input.config?.string('save');
    const aof = str(input.info, 'aof_enabled');
    if (save === undefined || aof === undefined || !input.info) return undefined;
    const keys = input.info.keyspace.reduce((a, d) => a + (d.keys ?? 0), 0);
    const replicas = num(input.info, 'connected_slaves') ?? 0;
    const off = save.trim() === '' && aof !== '1';
    const evidence = { save: save === '' ? '""' : save, aof_enabled: aof, keys, connected_slaves: replicas };
    if (!off || (keys === 0 && replicas === 0) || str(input.info, 'role') === 'slave') {
      return { failing: false, summary: off ? 'Persistence is off, but there is nothing to lose.' : 'RDB or AOF persistence is on.', evidence };
    }
    return { failing: true, summary: `Neither RDB nor AOF is on, with ${keys} keys${replicas ? ` and ${replicas} replicas` : ''}: a restart loses them.`, evidence };
  },
};

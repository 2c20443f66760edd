import type { Rule } from '../types.js';

export const thpEnabled: Rule = {
  id: 'thp-enabled',
  severity: 'warning',
  title: 'Transparent Huge Pages set to always',
  when: '`/sys/kernel/mm/transparent_hugepage/enabled` is `always`',
  remedy: [
    'THP makes fork slow and copy-on-write expensive (2 MB copied per write). Disable it: `echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `echo never > /sys/kernel/mm/transparent_hugepage/defrag`.',
    'Make it permanent (rc.local, a systemd unit, or `transparent_hugepage=never` on the kernel command line), then restart Redis.',
  ],
  evaluate(input) {
    const thp = input.extras.host?.thp;
    if (!thp) return undefined;
    const evidence = { enabled: thp.enabled.active, defrag: thp.defrag.active };
    if (thp.enabled.active !== 'always') return { failing: false, summary: `THP is ${thp.enabled.active}.`, evidence };
    return { failing: true, summary: 'Transparent Huge Pages are set to always: forks for BGSAVE and AOF rewrites are slower and copy more memory.', evidence };
  },
};

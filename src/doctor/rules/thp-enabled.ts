import type { Rule } from '../types.js';

export const thpEnabled: Rule = {
  id: 'thp-enabled',
  severity: 'warning',
  title: 'Transparent Huge Pages set to always',
  when: '`/sys/kernel/mm/transparent_hugepage/enabled` or `…/defrag` is `always` (the guide disables both)',
  remedy: [
    'THP makes fork slow and copy-on-write expensive (2 MB copied per write). Disable it: `echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `echo never > /sys/kernel/mm/transparent_hugepage/defrag`.',
    'Make it permanent (rc.local, a systemd unit, or `transparent_hugepage=never` on the kernel command line), then restart Redis.',
  ],
  evaluate(input) {
    const thp = input.extras.host?.thp;
    if (!thp) return undefined;
    const evidence = { enabled: thp.enabled.active, defrag: thp.defrag.active };
    const on = [thp.enabled.active === 'always' ? 'enabled' : undefined, thp.defrag.active === 'always' ? 'defrag' : undefined].filter((x): x is string => x !== undefined);
    if (on.length === 0) return { failing: false, summary: `THP enabled is ${thp.enabled.active}, defrag is ${thp.defrag.active}.`, evidence };
    const fix = on.map((f) => `\`echo never > /sys/kernel/mm/transparent_hugepage/${f}\``).join(' and ');
    return {
      failing: true,
      title: on.length === 2 ? 'Transparent Huge Pages: enabled and defrag set to always' : `Transparent Huge Pages: ${on[0]} set to always`,
      summary: `THP ${on.join(' and ')} ${on.length === 2 ? 'are' : 'is'} always: forks for BGSAVE and AOF rewrites are slower and copy more memory${on[0] === 'defrag' ? ' (defrag=always also stalls allocations while the kernel compacts memory)' : ''}.`,
      evidence,
      remedy: [
        `THP makes fork slow and copy-on-write expensive (2 MB copied per write). Disable it: ${fix}.`,
        'Make it permanent (rc.local, a systemd unit, or `transparent_hugepage=never` on the kernel command line), then restart Redis.',
      ],
    };
  },
};

import { num } from '../read.js';
import type { Rule } from '../types.js';

export const forkSlow: Rule = {
  id: 'fork-slow',
  severity: 'warning',
  title: 'fork() is slow',
  when: '`latest_fork_usec` > `fork-slow-seconds` (0.5 s), or > `fork-slow-seconds-per-gb` (20 ms) per GB of RSS',
  remedy: [
    'Redis stops serving while it forks for BGSAVE or an AOF rewrite; the time grows with memory size and with Transparent Huge Pages.',
    'Disable THP: `echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `echo never > /sys/kernel/mm/transparent_hugepage/defrag` (persist in /etc/rc.local or a systemd unit).',
    'Schedule saves in low-traffic periods (`save ""` plus a cron `redis-cli BGSAVE`), and split big keys.',
  ],
  evaluate(input) {
    const usec = num(input.info, 'latest_fork_usec');
    const rss = num(input.info, 'used_memory_rss');
    if (usec === undefined) return undefined;
    const seconds = usec / 1e6;
    const gb = (rss ?? 0) / 1024 ** 3;
    const perGb = gb > 0 ? seconds / gb : 0;
    const t = input.thresholds;
    const evidence = { latest_fork_seconds: seconds, used_memory_rss: rss ?? 'n/a', seconds_per_gb: Number(perGb.toFixed(4)) };
    const slow = seconds > t['fork-slow-seconds'] || (gb >= 0.1 && perGb > t['fork-slow-seconds-per-gb']);
    if (!slow) return { failing: false, summary: `The latest fork took ${(seconds * 1000).toFixed(1)} ms.`, evidence };
    return { failing: true, summary: `The latest fork took ${(seconds * 1000).toFixed(0)} ms (${(perGb * 1000).toFixed(0)} ms per GB of RSS); Redis was blocked that long.`, evidence };
  },
};

import { fmtBytes, num, persistenceOn } from '../read.js';
import type { Rule } from '../types.js';

export const forkOvercommitRisk: Rule = {
  id: 'fork-overcommit-risk',
  severity: 'warning',
  title: 'fork() may fail: vm.overcommit_memory is not 1',
  when: "`vm.overcommit_memory` ≠ 1 while RDB or AOF is on (warning); critical when `used_memory` exceeds the host's MemAvailable",
  remedy: [
    'The guide\'s first fix for "Can\'t save in background: fork: Cannot allocate memory": `sysctl vm.overcommit_memory=1`.',
    'Make it permanent: add `vm.overcommit_memory = 1` to /etc/sysctl.conf (or a file in /etc/sysctl.d/).',
    'Alternatively add swap or lower maxmemory so a fork has room.',
  ],
  evaluate(input) {
    const mode = input.extras.host?.overcommitMemory;
    const persisting = persistenceOn(input);
    if (mode === undefined || persisting === undefined) return undefined;
    const used = num(input.info, 'used_memory');
    const available = input.extras.host?.memory?.availableBytes;
    const evidence = { 'vm.overcommit_memory': mode, persistence: persisting ? 'on' : 'off', used_memory: used ?? 'n/a', mem_available: available ?? 'n/a' };
    if (mode === 1 || !persisting) return { failing: false, summary: mode === 1 ? 'vm.overcommit_memory is 1.' : 'Persistence is off: no fork to fail.', evidence };
    if (used !== undefined && available !== undefined && used > available) {
      return {
        failing: true,
        severity: 'critical',
        summary: `vm.overcommit_memory is ${mode} and Redis uses ${fmtBytes(used)}, more than the ${fmtBytes(available)} available: the next BGSAVE fork will likely fail.`,
        evidence,
      };
    }
    return { failing: true, summary: `vm.overcommit_memory is ${mode} with persistence on: a fork for BGSAVE can fail with "Cannot allocate memory".`, evidence };
  },
};

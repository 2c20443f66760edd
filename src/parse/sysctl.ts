import { HostError } from '../errors.js';

/** A one-integer procfs/sysfs file such as /proc/sys/vm/overcommit_memory ("1\n"). */
export function parseSysctlInt(text: string, what: string): number {
  const m = /^\s*(-?\d+)\s*$/.exec(text);
  if (!m) throw new HostError('E_HOST_STATE', `${what}: expected one integer, got ${JSON.stringify(text.slice(0, 40))}`);
  return Number(m[1]);
}

/** vm.overcommit_memory: 0 heuristic, 1 always, 2 never (strict accounting). */
export function parseOvercommitMemory(text: string): number {
  const v = parseSysctlInt(text, 'vm/overcommit_memory');
  if (v < 0 || v > 2) throw new HostError('E_HOST_STATE', `vm/overcommit_memory: ${v} is not 0, 1 or 2`);
  return v;
}

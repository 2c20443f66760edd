import { HostError } from '../errors.js';
import { intList, kbBytes, parseProcFields } from './proc-fields.js';

/** Who a process acts as when it touches files, from /proc/<pid>/status. */
export interface ProcessCredentials {
  /** File-system uid and gid (the 4th column of Uid:/Gid:): what the kernel checks on create. */
  readonly fsUid: number;
  readonly fsGid: number;
  readonly groups: readonly number[];
  /** Effective capability set (CapEff), as a bit mask. */
  readonly capEff: bigint;
}

export interface ProcessStatus {
  /** Command name, at most 15 characters (TASK_COMM_LEN). */
  readonly name: string;
  readonly credentials: ProcessCredentials;
  readonly vmSwapBytes: number | undefined;
  /** THP_enabled (Linux 5.0+): false once the process disabled THP for itself (prctl PR_SET_THP_DISABLE). */
  readonly thpEnabled: boolean | undefined;
  /** RssAnon (Linux 4.5+): resident anonymous memory; huge pages come and go with it (host-process-smaps.ts). */
  readonly rssAnonBytes?: number | undefined;
}

/** Linux capability number of CAP_DAC_OVERRIDE: bypasses file read/write/execute permission checks. */
export const CAP_DAC_OVERRIDE = 1n;

export function parseProcStatus(text: string): ProcessStatus {
  const f = parseProcFields(text);
  const uid = intList(f.get('Uid'));
  const gid = intList(f.get('Gid'));
  const groups = intList(f.get('Groups') ?? '');
  const cap = f.get('CapEff') ?? '';
  const thp = f.get('THP_enabled');
  if (!uid || uid.length < 4 || !gid || gid.length < 4 || !groups) {
    throw new HostError('E_HOST_STATE', 'status: missing or malformed Uid:, Gid: or Groups: line');
  }
  if (!/^[0-9a-f]{1,16}$/i.test(cap)) throw new HostError('E_HOST_STATE', 'status: missing or malformed CapEff: line');
  return {
    name: f.get('Name') ?? '',
    credentials: { fsUid: uid[3] as number, fsGid: gid[3] as number, groups, capEff: BigInt(`0x${cap}`) },
    vmSwapBytes: kbBytes(f, 'VmSwap'),
    thpEnabled: thp === '0' ? false : thp === '1' ? true : undefined,
    rssAnonBytes: kbBytes(f, 'RssAnon'),
  };
}

/** AnonHugePages of /proc/<pid>/smaps_rollup: anonymous memory backed by transparent huge pages. */
export function parseSmapsRollupAnonHuge(text: string): number {
  const v = kbBytes(parseProcFields(text), 'AnonHugePages');
  if (v === undefined) throw new HostError('E_HOST_STATE', 'smaps_rollup: no AnonHugePages line');
  return v;
}

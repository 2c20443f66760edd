import { HostError } from '../errors.js';
import { kbBytes, parseProcFields } from './proc-fields.js';

/** The /proc/meminfo values that bear on fork, copy-on-write and swapping (bytes). */
export interface MemInfo {
  readonly totalBytes: number | undefined;
  readonly availableBytes: number | undefined;
  readonly swapTotalBytes: number | undefined;
  readonly swapFreeBytes: number | undefined;
  /** Ceiling on committed memory; enforced only under vm.overcommit_memory=2. */
  readonly commitLimitBytes: number | undefined;
  readonly committedAsBytes: number | undefined;
}

/**
 * Parses /proc/meminfo. A field the kernel does not report (MemAvailable before 3.14) stays
 * undefined; a file with none of them is not meminfo and is an error.
 */
export function parseMeminfo(text: string): MemInfo {
  const f = parseProcFields(text);
  const info: MemInfo = {
    totalBytes: kbBytes(f, 'MemTotal'),
    availableBytes: kbBytes(f, 'MemAvailable'),
    swapTotalBytes: kbBytes(f, 'SwapTotal'),
    swapFreeBytes: kbBytes(f, 'SwapFree'),
    commitLimitBytes: kbBytes(f, 'CommitLimit'),
    committedAsBytes: kbBytes(f, 'Committed_AS'),
  };
  if (Object.values(info).every((v) => v === undefined)) {
    throw new HostError('E_HOST_STATE', 'meminfo has none of MemTotal, MemAvailable, SwapTotal, SwapFree, CommitLimit, Committed_AS');
  }
  return info;
}

import { CAP_DAC_OVERRIDE, type ProcessCredentials } from '../parse/proc-status.js';

/** Ownership and permission bits of a directory (st_mode, st_uid, st_gid). */
export interface DirOwnership {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Whether a process with these credentials may create a file in the directory, by the
 * kernel's classic rules: creating needs write and search (w+x) on the directory; the owner
 * class is checked alone when the uid matches, then the group class (primary or supplementary
 * group), then others; CAP_DAC_OVERRIDE bypasses the bits. POSIX ACLs, LSMs (SELinux,
 * AppArmor), immutable attributes and user-namespace id mapping are out of scope. Only `dir`
 * itself matters: Redis chdir()s into it at startup and writes by relative name.
 */
export function canCreateIn(dir: DirOwnership, who: ProcessCredentials): boolean {
  if ((who.capEff >> CAP_DAC_OVERRIDE) & 1n) return true;
  const wx = (shift: number) => ((dir.mode >> shift) & 0o3) === 0o3;
  if (who.fsUid === dir.uid) return wx(6);
  if (who.fsGid === dir.gid || who.groups.includes(dir.gid)) return wx(3);
  return wx(0);
}

/**
 * Pure parser for /proc/<pid>/mountinfo (proc(5)):
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * id parent major:minor root mount-point mount-options [optional…] - fstype source super-options
 */
export interface MountEntry {
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
  readonly mountOptions: readonly string[];
  readonly superOptions: readonly string[];
}

/** The kernel escapes space, tab, newline and backslash in paths as \ooo octal. */
export function unescapeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (sep === -1 || sep + 3 >= f.length) continue;
    // major:minor is not kept (the disk is found through the mount source), but a line without it is malformed.
    if (!/^\d+:\d+$/.test(f[2] ?? '')) continue;
    out.push({
      mountPoint: unescapeMountPath(f[4] ?? ''),
      mountOptions: (f[5] ?? '').split(','),
      fsType: f[sep + 1] ?? '',
      source: unescapeMountPath(f[sep + 2] ?? ''),
      superOptions: (f[sep + 3] ?? '').split(','),
    });
  }
  return out;
}

/**
 * The mount that holds `path` (absolute, normalised): the longest mount point that is `path`
 * or one of its ancestors; of equal ones the last listed, which is the one on top.
 */
export function mountFor(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const e of entries) {
    const m = e.mountPoint;
    const covers = m === '/' || path === m || path.startsWith(`${m}/`);
    if (covers && (!best || m.length >= best.mountPoint.length)) best = e;
  }
  return best;
}

/** Read-only for writers through this mount: the mount itself or its whole filesystem is ro. */
export function isReadOnly(e: MountEntry): boolean {
  return e.mountOptions.includes('ro') || e.superOptions.includes('ro');
}

import { HostError } from '../errors.js';

/** A sysfs choice file: every mode the kernel offers, and the one in brackets. */
export interface ChoiceFile {
  readonly modes: readonly string[];
  readonly active: string;
}

/**
 * Parses /sys/kernel/mm/transparent_hugepage/{enabled,defrag}: "always [madvise] never".
 * The offered modes come from the file itself, so a kernel that adds one (defrag gained
 * "defer" and "defer+madvise" in 4.6) is reported without a code change.
 */
export function parseChoiceFile(text: string, what: string): ChoiceFile {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const modes: string[] = [];
  let active: string | undefined;
  for (const w of words) {
    const m = /^\[([^\][]+)\]$/.exec(w);
    if (m) {
      if (active !== undefined) throw new HostError('E_HOST_STATE', `${what}: more than one mode in brackets`);
      active = m[1] as string;
      modes.push(active);
    } else if (/^[a-z+_-]+$/.test(w)) {
      modes.push(w);
    } else {
      throw new HostError('E_HOST_STATE', `${what}: unexpected word ${JSON.stringify(w.slice(0, 40))}`);
    }
  }
  if (active === undefined) throw new HostError('E_HOST_STATE', `${what}: no mode in brackets in ${JSON.stringify(text.slice(0, 60))}`);
  return { modes, active };
}

/**
 * Pure parsers for the "Key:   value [kB]" files of procfs: /proc/meminfo, /proc/<pid>/status
 * and /proc/<pid>/smaps_rollup. Lines that do not have that shape (smaps_rollup's address
 * header, blank lines) are skipped.
 */

const LINE = /^([A-Za-z0-9_()+-]+):[ \t]*(.*?)\s*$/;

export function parseProcFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** A "123 kB" field in bytes (the kernel's kB are KiB); undefined when missing or malformed. */
export function kbBytes(fields: ReadonlyMap<string, string>, key: string): number | undefined {
  const m = /^(\d+) kB$/.exec(fields.get(key) ?? '');
  return m ? Number(m[1]) * 1024 : undefined;
}

/** A whitespace-separated list of integers ("0\t0\t0\t0", "4 27 1000"); undefined if any is not one. */
export function intList(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(/\s+/).filter((p) => p !== '');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

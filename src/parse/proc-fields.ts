/**
 * Pure parsers for the "Key:   value [kB]" files of procfs: /proc/meminfo, /proc/<pid>/status
 * and /proc/<pid>/smaps_rollup. Lines that do not have that shape (smaps_rollup's address
 * header, blank lines) are skipped.
 */

/** The fields of one such file, looked up by name. */
export interface ProcFieldLookup {
  get(key: string): string | undefined;
}

/**
 * The fields of the text, found when asked for: a parser wants 1–6 of meminfo's ~55 lines or
 * status's ~60, and splitting every line and matching each (a string and an array a line) was
 * most of what reading them allocated. `key` is a field name ([A-Za-z0-9_()+-]); its last line
 * wins; the value is what follows the colon, without the blanks around it.
 */
export function parseProcFields(text: string): ProcFieldLookup {
  return {
    get(key: string): string | undefined {
      const needle = `\n${key}:`;
      const at = text.lastIndexOf(needle);
      let start: number;
      if (at >= 0) start = at + needle.length;
      else if (text.startsWith(`${key}:`)) start = key.length + 1;
      else return undefined;
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
      while (end > start && /\s/.test(text[end - 1] as string)) end--;
      return text.slice(start, end);
    },
  };
}

/** A "123 kB" field in bytes (the kernel's kB are KiB); undefined when missing or malformed. */
export function kbBytes(fields: ProcFieldLookup, key: string): number | undefined {
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

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
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      return text.slice(start, end);
    },
  };
}

/**
 * A "123 kB" field in bytes (the kernel's kB are KiB); undefined when missing or malformed. By
 * hand rather than with a regular expression: V8 drops a regular expression's compiled code
 * when it has not run for a while, so after a poll's 15 s pause each one was compiled again.
 */
export function kbBytes(fields: ProcFieldLookup, key: string): number | undefined {
  const v = fields.get(key);
  if (v === undefined || v.length < 4 || !v.endsWith(' kB')) return undefined;
  const digits = v.length - 3;
  let n = 0;
  for (let i = 0; i < digits; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  // Past 2^53 digit by digit and Number() may round apart.
  return (digits > 15 ? Number(v.slice(0, digits)) : n) * 1024;
}

/** JavaScript's \s (the value is trimmed of what /\s/ matches). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A whitespace-separated list of integers ("0\t0\t0\t0", "4 27 1000"); undefined if any is not one. */
export function intList(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(/\s+/).filter((p) => p !== '');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

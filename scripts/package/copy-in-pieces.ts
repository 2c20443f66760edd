import { closeSync, fchmodSync, openSync, readSync, renameSync, writeSync } from 'node:fs';

/** dpkg's copy buffer when it installs a file (lib/dpkg/buffer.c, buffer_copy): 32 KiB. */
export const PIECE_BYTES = 32 * 1024;

/**
 * Copies `from` to `to` in 32 KiB writes, as `dpkg -i` writes a file it installs, through a
 * temporary name and a rename. Why: Linux keeps a file's page cache in the folio sizes its writer
 * made, and a recent kernel (6.18 here) maps a whole large folio of an executable at one page
 * fault. postject writes the binary with one `fs.promises.writeFile` (512 KiB pieces), and a binary
 * started from that file mapped ~9 MB more of Node's text and read-only data than the same bytes
 * written as dpkg writes them (docs/performance.md, "Session 8: start forms and the scrape").
 */
export function copyInPieces(from: string, to: string, mode: number): void {
  const tmp = `${to}.${process.pid}.tmp`;
  const src = openSync(from, 'r');
  const dst = openSync(tmp, 'w', mode);
  try {
    fchmodSync(dst, mode);
    const buf = Buffer.allocUnsafe(PIECE_BYTES);
    for (let at = 0; ;) {
      const n = readSync(src, buf, 0, PIECE_BYTES, at);
      if (n === 0) break;
      for (let done = 0; done < n;) done += writeSync(dst, buf, done, n - done);
      at += n;
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  renameSync(tmp, to);
}

import type { RenderedFamilies } from './layout.js';

// UTF-8 bytes of each of a layout's headers and of all: layouts are shared and kept poll after
// poll, so this is measured once per layout, not with a call into C++ per family and poll.
const HEADER_BYTES = new WeakMap<readonly string[], Uint32Array>();

/** Per header of a layout its UTF-8 bytes; the last entry is their sum. */
export function headerBytes(headers: readonly string[]): Uint32Array {
  let n = HEADER_BYTES.get(headers);
  if (n === undefined) {
    n = new Uint32Array(headers.length + 1);
    let all = 0;
    for (let i = 0; i < headers.length; i++) all += n[i] = Buffer.byteLength(headers[i] as string, 'utf8');
    n[headers.length] = all;
    HEADER_BYTES.set(headers, n);
  }
  return n;
}

/**
 * What joinFamilies(r) returns, encoded as UTF-8 (the render's own body if it made one) straight into one Buffer. The joined string was
 * the largest thing a poll left on V8's heap (as long as the body, kept until the next poll, so
 * promoted to the old generation every poll); the Buffer lives outside the heap. Joining and
 * writing once costs half the CPU but ~45 KiB more allocation a poll (bench/poll-alloc.mjs), so
 * more nursery page faults on a cold poll: each family is written in place instead.
 */
export function encodeFamilies(r: RenderedFamilies): Buffer {
  if (r.body) return r.body;
  const bytes = Buffer.byteLength(r.series, 'utf8') + (headerBytes(r.headers)[r.headers.length] as number);
  const out = Buffer.allocUnsafeSlow(bytes);
  // Buffer's own utf8Write: write() goes through argument checks that made an array per call
  // (~37 KiB a poll, bench/poll-alloc.mjs).
  const w = out as unknown as Utf8Writer;
  let at = 0;
  let from = 0;
  for (let i = 0; i < r.names.length; i++) {
    const to = r.ends[i] as number;
    at += w.utf8Write(r.headers[i] as string, at, bytes - at);
    if (to > from) at += w.utf8Write(r.series.slice(from, to), at, bytes - at);
    from = to;
  }
  return out;
}

interface Utf8Writer {
  utf8Write(text: string, offset: number, length: number): number;
}

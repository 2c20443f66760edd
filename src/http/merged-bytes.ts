import { familyIndex, familyOrder } from '../exposition/merge.js';
import { seriesOf, type RenderedFamilies } from '../exposition/text-format.js';

/** Size of the Buffers a merged body is written into (a family larger than this gets its own). */
export const MERGED_CHUNK_BYTES = 256 * 1024;
/** About this many UTF-16 units of series are joined before each write (well inside the young generation). */
const JOIN_UNITS = 16 * 1024;

/**
 * Several targets' families as one exposition, as UTF-8 Buffers of about `chunkBytes`: each
 * family's header once (familyOrder), then every target's series of it, in target order, written straight from each target's series. Joining
 * each family into one string first put the whole body (14 MB at 500 targets, mostly in strings
 * too large for the young generation) on V8's heap at every scrape, then copied it again to encode it.
 */
export function* mergedBytes(targets: readonly RenderedFamilies[], chunkBytes = MERGED_CHUNK_BYTES): Generator<Buffer> {
  const indexes = targets.map(familyIndex);
  let buf = Buffer.allocUnsafeSlow(chunkBytes);
  let at = 0;
  // Pieces are gathered into strings of about JOIN_UNITS before writing: one write per ~100-byte
  // series line cost more than the join it saves (a call into C++ each), and such a string dies young.
  let parts: string[] = [];
  let units = 0;
  function* flush(): Generator<Buffer> {
    const text = parts.length === 1 ? (parts[0] as string) : parts.join('');
    parts = [];
    units = 0;
    // A UTF-16 unit is at most 3 bytes of UTF-8: only a string near the end needs measuring.
    if (at + 3 * text.length > buf.length) {
      const need = Buffer.byteLength(text, 'utf8');
      if (at + need > buf.length) {
        if (at > 0) yield buf.subarray(0, at);
        buf = Buffer.allocUnsafeSlow(Math.max(chunkBytes, need));
        at = 0;
      }
    }
    at += buf.write(text, at, 'utf8');
  }
  const limit = Math.min(JOIN_UNITS, chunkBytes);
  for (const [name, header] of familyOrder(targets)) {
    parts.push(header);
    units += header.length;
    for (let t = 0; t < targets.length; t++) {
      const i = indexes[t]?.get(name);
      if (i === undefined) continue;
      const text = seriesOf(targets[t] as RenderedFamilies, i);
      parts.push(text);
      units += text.length;
      if (units >= limit) yield* flush();
    }
  }
  if (units > 0) yield* flush();
  if (at > 0) yield buf.subarray(0, at);
}

/**
 * The values that changed since the last render of a target: where each old value starts in
 * the last series (`at`) and in the last body (`bodyAt`), its length, and the new text. Kept
 * in arrays reused from render to render (one render at a time, synchronously).
 */
export interface BodyEdits {
  count: number;
  at: Uint32Array;
  bodyAt: Uint32Array;
  oldLength: Uint32Array;
  readonly text: string[];
}

/**
 * The next body from the last one: its bytes copied, the changed values written over theirs.
 * Rendering text and encoding it again cost a string as long as the body, its pieces and a
 * write per family each poll. A value of the same length leaves every byte after it in place,
 * so the body is copied in as few runs as there are values whose length changed (usually one
 * run), then same-length values are written where they are. Values are ASCII (formatValue), as
 * are the last body's series (render-repeat.ts keeps no other body), so a character is a byte.
 */
export function repeatBody(last: Buffer, edits: BodyEdits, length: number): Buffer {
  const out = Buffer.allocUnsafeSlow(length) as Buffer & Latin1Writer;
  const { bodyAt, oldLength, text } = edits;
  let from = 0;
  let shift = 0;
  // Edits not yet written: those since the last run copied, which all share `shift`.
  let pending = 0;
  for (let c = 0; c < edits.count; c++) {
    const t = text[c] as string;
    const old = oldLength[c] as number;
    if (t.length === old) continue;
    const pos = bodyAt[c] as number;
    last.copy(out, from + shift, from, pos);
    for (; pending < c; pending++) out.latin1Write(text[pending] as string, (bodyAt[pending] as number) + shift);
    out.latin1Write(t, pos + shift);
    pending = c + 1;
    from = pos + old;
    shift += t.length - old;
  }
  last.copy(out, from + shift, from, last.length);
  for (; pending < edits.count; pending++) out.latin1Write(text[pending] as string, (bodyAt[pending] as number) + shift);
  return out;
}

/** Buffer's own latin1Write (untyped): write() checks its arguments in JS first. */
interface Latin1Writer {
  latin1Write(text: string, offset: number): number;
}

import { createHash } from 'node:crypto';

/** Longest key name exported as-is in a label; longer ones are cut and get a hash suffix. */
const MAX_LABEL_CHARS = 120;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

function shortHash(key: Buffer): string {
  return `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * The `key` label of a big key. Redacted: "sha256:" + the first 16 hex digits of the hash of
 * the name's bytes (unsalted: a guessable name can be confirmed by hashing it, so redaction
 * hides names, not their existence). Otherwise the name itself, unless it is too long or not
 * valid UTF-8: then a readable prefix plus the hash, so two keys never share a label.
 */
export function keyLabel(key: Buffer, redact: boolean): string {
  if (redact) return shortHash(key);
  const text = key.toString('utf8');
  const lossless = Buffer.from(text, 'utf8').equals(key);
  // Control characters (a CR, a NUL, an escape sequence) never reach a label: each becomes U+FFFD,
  // and the hash keeps the label unique.
  if (lossless && text.length <= MAX_LABEL_CHARS && !CONTROL.test(text)) return text;
  return `${text.slice(0, MAX_LABEL_CHARS).replace(CONTROLS, '\uFFFD')}…[${shortHash(key)}]`;
}

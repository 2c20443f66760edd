/**
 * The forms a secret takes in text: as is, and JSON-escaped once and twice (a log line is JSON,
 * and may carry a JSON document in a field), so a password with `"` or `\` is caught too.
 */
function formsOf(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  // Longest first: the escaped form contains shorter pieces a raw pass would split.
  return [...new Set([twice, once, secret])].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of a known secret; the last guard before a line leaves the process. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 1) continue;
    for (const form of formsOf(s)) out = out.split(form).join('<redacted>');
  }
  return out;
}

/**
 * Every secret this process knows (configured passwords, each password-file read): logs,
 * error texts from Redis and every page pass through scrubSecrets with the same list.
 */
const known = new Set<string>();

export function addSecret(secret: string): void {
  if (secret !== '') known.add(secret);
}

export function scrubSecrets(text: string): string {
  return known.size === 0 ? text : scrub(text, known);
}

/**
 * Pure parser for the text of `CLUSTER INFO`: `field:value` lines, no sections. Malformed lines
 * are skipped; values stay strings (cluster_state is `ok`/`fail`).
 */
export function parseClusterInfo(text: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('#')) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

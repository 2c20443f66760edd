/**
 * Pure parser for redis_exporter's key lists (--check-keys, --check-single-keys, --count-keys):
 * comma-separated `[dbN=]key`, each key URL-query-unescaped (so `%2C` is a comma in a key and `+`
 * a space), the db defaulting to 0. Empty entries are skipped, as in redis_exporter.
 */
export interface DbKey {
  readonly db: number;
  readonly key: string;
}

/** Go's url.QueryUnescape: "+" is a space, %XX a byte; a malformed escape is an error. */
function queryUnescape(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

export function parseKeyArg(text: string): DbKey[] {
  const out: DbKey[] = [];
  for (const entry of text.split(',')) {
    if (entry === '') continue;
    const frags = entry.split('=');
    if (frags.length > 2) throw new Error(`"${entry}" has more than one "=" (write dbN=key, with "=" in a key as %3D)`);
    const dbText = frags.length === 2 ? (frags[0] ?? '').trim().replace(/db/g, '') : '0';
    let key: string;
    try {
      key = queryUnescape((frags[frags.length - 1] ?? '').trim());
    } catch {
      throw new Error(`"${entry}" has a malformed %-escape`);
    }
    if (dbText === '' || key === '') continue;
    if (!/^\+?\d+$/.test(dbText)) throw new Error(`"${entry}": "${dbText}" is not a database number`);
    out.push({ db: Number(dbText), key });
  }
  return out;
}

/** True when SCAN MATCH is needed: the key has glob characters (redis_exporter's test). */
export function isPattern(key: string): boolean {
  return /[?*[\]^]/.test(key);
}

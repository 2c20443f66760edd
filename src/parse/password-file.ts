/**
 * The two forms a --redis.password-file may take, told apart by content: redis_exporter's JSON
 * object `{"redis://host:6379": "password", …}` (one file for many URIs), or redis-vitals' plain
 * file whose first line, exactly as written, is the password. A file is the JSON form only when it is a JSON object
 * whose values are all strings; anything else (a password that merely starts with "{") is a line.
 */
export type PasswordFile = { readonly kind: 'line'; readonly password: string } | { readonly kind: 'map'; readonly passwords: ReadonlyMap<string, string> };

export function parsePasswordFile(text: string): PasswordFile {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      doc = undefined;
    }
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
      const entries = Object.entries(doc as Record<string, unknown>);
      if (entries.every(([, v]) => typeof v === 'string')) return { kind: 'map', passwords: new Map(entries as [string, string][]) };
    }
  }
  // The first line exactly: spaces and tabs are part of a password (issue 12 item 15).
  return { kind: 'line', password: text.split(/\r?\n/)[0] ?? '' };
}

/**
 * The keys under which a map may list one address. redis_exporter looks up the address exactly as
 * configured, with "redis://" put in front when it has no scheme; the normalised form
 * (redis://host:port) is tried too, so `host:6379` and `redis://host:6379/` both find an entry.
 */
export function passwordKeys(raw: string, display: string): string[] {
  const text = raw.trim();
  const withScheme = text.includes('://') ? text : `redis://${text}`;
  return [...new Set([withScheme, text, display, `${display}/`])];
}

export function lookupPassword(passwords: ReadonlyMap<string, string>, raw: string, display: string): string | undefined {
  for (const key of passwordKeys(raw, display)) {
    const p = passwords.get(key);
    if (p !== undefined && p !== '') return p;
  }
  return undefined;
}

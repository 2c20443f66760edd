import { toNumber } from './info.js';

/**
 * Pure parser for `CLIENT LIST` text: one client per line, space-separated `field=value` pairs
 * (id=7 addr=127.0.0.1:53922 … omem=0 tot-mem=22272 … cmd=psync). Redis forbids spaces in
 * client names, so splitting on spaces is safe. Unknown fields are kept; bad lines skipped.
 */

export interface ClientEntry {
  readonly id: string;
  /** Peer IP without the port (`addr` is `ip:port`, the client's source port); IPv6 addresses keep their colons. */
  readonly ip: string;
  /** Output buffer memory (omem), bytes. */
  readonly omem: number | undefined;
  readonly fields: ReadonlyMap<string, string>;
}

/** `ip:port`, `[::1]:port` or `::1:port` → the ip part. */
export function ipOfAddr(addr: string): string {
  const colon = addr.lastIndexOf(':');
  const host = colon === -1 ? addr : addr.slice(0, colon);
  return host.replace(/^\[(.*)\]$/, '$1');
}

export function parseClientList(text: string): ClientEntry[] {
  const out: ClientEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const fields = new Map<string, string>();
    for (const part of line.split(' ')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
    const id = fields.get('id');
    const addr = fields.get('addr');
    if (id === undefined || addr === undefined || addr === '') continue;
    out.push({
      id,
      ip: ipOfAddr(addr),
      omem: toNumber(fields.get('omem')),
      fields,
    });
  }
  return out;
}

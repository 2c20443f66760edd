/**
 * Pure parser for CLIENT LIST as redis_exporter 1.45 reads it for redis_connected_clients_details,
 * with its exact acceptance rules, so both exporters serve the same clients: a line must start
 * `id=<digits> addr=<digit>` (unix-socket and IPv6 clients are left out), every space-separated
 * part must be exactly one `k=v`, age and idle whole numbers, and addr exactly `host:port`.
 */
export interface ClientDetail {
  readonly name: string;
  /** Seconds since the connection was made (`age`). */
  readonly age: number;
  /** Seconds since its last command (`idle`). */
  readonly idle: number;
  readonly flags: string;
  readonly db: string;
  readonly omem: string;
  readonly cmd: string;
  readonly host: string;
  readonly port: string;
}

const START = /^id=\d+ addr=\d+/;
const GO_INT = /^[+-]?\d+$/;

export function parseClientDetails(text: string): ClientDetail[] {
  const out: ClientDetail[] = [];
  for (const line of text.split('\n')) {
    if (!START.test(line)) continue;
    const f = new Map<string, string>();
    let ok = true;
    for (const part of line.split(' ')) {
      const kv = part.split('=');
      if (kv.length !== 2) {
        ok = false;
        break;
      }
      f.set(kv[0] as string, kv[1] as string);
    }
    const age = f.get('age') ?? '';
    const idle = f.get('idle') ?? '';
    const hostPort = (f.get('addr') ?? '').split(':');
    if (!ok || !GO_INT.test(age) || !GO_INT.test(idle) || hostPort.length !== 2) continue;
    out.push({
      name: f.get('name') ?? '',
      age: Number(age),
      idle: Number(idle),
      flags: f.get('flags') ?? '',
      db: f.get('db') ?? '',
      omem: f.get('omem') ?? '',
      cmd: f.get('cmd') ?? '',
      host: hostPort[0] as string,
      port: hostPort[1] as string,
    });
  }
  return out;
}

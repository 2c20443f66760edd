import { ConfigError } from '../errors.js';

/** Where a Redis target lives, with any credentials split off so the rest can be logged. */
export interface RedisAddress {
  readonly kind: 'tcp' | 'unix';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly tls: boolean;
  readonly db: number;
  readonly user: string;
  readonly password: string;
  /** Safe to log and to put in labels: never contains a password. */
  readonly display: string;
}

function invalid(raw: string, why: string, flag: string): ConfigError {
  // The raw value may hold a password (redis://:pw@host), so only its scheme is echoed.
  const scheme = /^[a-z]+:\/\//i.exec(raw)?.[0] ?? '';
  return new ConfigError(`--${flag}: ${why} (got ${scheme ? `a ${scheme} address` : 'a bare address'}); expected redis://host:port, rediss://host:port, unix:///path/to/socket or host:port`);
}

/** Redis keeps the db index in an int. */
const MAX_DB = 2_147_483_647;

function decode(part: string, raw: string, flag: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(raw, 'the user or password has a malformed % escape (write % itself as %25)', flag);
  }
}

/** `flag` names the flag in errors (the same syntax serves --redis.addr and --bigkeys.replica-addr). */
export function parseRedisAddress(raw: string, flag = 'redis.addr'): RedisAddress {
  const text = raw.trim();
  if (text === '') throw invalid(raw, 'empty address', flag);
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length).split('?')[0] ?? '';
    if (!path.startsWith('/')) throw invalid(raw, 'a unix socket path must be absolute', flag);
    return { kind: 'unix', host: '', port: 0, path, tls: false, db: 0, user: '', password: '', display: `unix://${path}` };
  }
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `redis://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(raw, 'not a valid address', flag);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw invalid(raw, `unsupported scheme ${url.protocol}//`, flag);
  if (url.hostname === '') throw invalid(raw, 'missing host', flag);
  const port = url.port === '' ? 6379 : Number(url.port);
  if (port < 1) throw invalid(raw, 'the port must be from 1 to 65535', flag);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  // Plain digits only: Number() would also take 1e3, 0x10 and 99999999999999999999 (1e20).
  if ((dbText !== '' && !/^\d{1,10}$/.test(dbText)) || db > MAX_DB) throw invalid(raw, `the database number after the port must be a whole number from 0 to ${MAX_DB}`, flag);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const tls = url.protocol === 'rediss:';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    kind: 'tcp',
    host,
    port,
    path: '',
    tls,
    db,
    user: decode(url.username, raw, flag),
    password: decode(url.password, raw, flag),
    display: `${tls ? 'rediss' : 'redis'}://${hostPart}:${port}`,
  };
}

/** True for loopback and unix-socket targets: the host collector is meaningful only for these. */
export function isLocalAddress(addr: RedisAddress): boolean {
  if (addr.kind === 'unix') return true;
  return addr.host === 'localhost' || addr.host === '::1' || /^127\./.test(addr.host);
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function parseListenAddress(raw: string): ListenAddress {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(raw.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535 || port < 1) {
    throw new ConfigError(`--web.listen-address: "${raw}" is not [host]:port with a port from 1 to 65535 (e.g. ":9121", "127.0.0.1:9121", "[::1]:9121")`);
  }
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '::' : host, port };
}

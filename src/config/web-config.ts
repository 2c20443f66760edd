import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { CLIENT_AUTH_TYPES, handshakeOptions, type ClientAuthType } from './client-auth.js';
import type { WebTlsFlags } from './compat.js';
import { esmRequire } from './load-on-use.js';

/**
 * `--web.config.file`, in the Prometheus exporter-toolkit format, so one file serves all of a
 * fleet's exporters: tls_server_config (cert_file, key_file, client_ca_file, client_auth_type,
 * min_version) and basic_auth_users (user: bcrypt hash).
 */
export interface WebConfig {
  readonly https: { cert: Buffer; key: Buffer; ca?: Buffer; requestCert: boolean; rejectUnauthorized: boolean; minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' } | undefined;
  /** What tls_server_config.client_auth_type asks of clients (client-auth.ts). */
  readonly clientAuth: ClientAuthType;
  readonly users: ReadonlyMap<string, string>;
}

// Loaded on first use: only a --web.config.file needs a YAML parser.
const parseYaml = (text: string): unknown => ((typeof require === 'function' ? require('yaml') : esmRequire('yaml')) as typeof import('yaml')).parse(text);

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
const CLIENT_AUTH: readonly string[] = CLIENT_AUTH_TYPES;

function fail(path: string, msg: string): never {
  throw new ConfigError(`--web.config.file: ${path}: ${msg}`);
}

function readFile(path: string, file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    fail(path, `${key} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

function mapping(path: string, v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `${what} must be a mapping`);
  return v as Record<string, unknown>;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Every certificate in a PEM file parses, and there is at least one; else the file is named. */
function checkCertificates(path: string, file: string, key: string, pem: Buffer): void {
  const blocks = pem.toString('latin1').match(PEM_CERT) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no certificate');
    for (const b of blocks) new X509Certificate(b);
  } catch {
    fail(path, `${key} ${file}: not a PEM certificate`);
  }
}

/** The files make a working TLS server: the certificate and key parse and belong together. */
function checkServerPair(path: string, tls: Record<string, string>, cert: Buffer, key: Buffer): void {
  checkCertificates(path, tls.cert_file ?? '', 'cert_file', cert);
  try {
    createPrivateKey(key);
  } catch {
    fail(path, `key_file ${tls.key_file}: not a PEM private key (or one protected by a passphrase)`);
  }
  try {
    createSecureContext({ cert, key });
  } catch {
    fail(path, `key_file ${tls.key_file} does not match cert_file ${tls.cert_file}`);
  }
}

export function loadWebConfig(path: string): WebConfig {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (err) {
    fail(path, (err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0] ?? 'unreadable');
  }
  const doc = mapping(path, parsed, 'its top level');
  for (const k of Object.keys(doc)) if (!['tls_server_config', 'basic_auth_users', 'http_server_config'].includes(k)) fail(path, `unknown key "${k}"`);
  let https: WebConfig['https'];
  let clientAuth: ClientAuthType = 'NoClientCert';
  const tlsRaw = doc.tls_server_config === undefined || doc.tls_server_config === null ? undefined : mapping(path, doc.tls_server_config, 'tls_server_config');
  for (const [k, v] of Object.entries(tlsRaw ?? {})) if (typeof v !== 'string') fail(path, `tls_server_config.${k} must be a single value`);
  const tls = tlsRaw as Record<string, string> | undefined;
  if (tls) {
    if (!tls.cert_file || !tls.key_file) fail(path, 'tls_server_config needs cert_file and key_file');
    const auth = tls.client_auth_type ?? 'NoClientCert';
    if (!CLIENT_AUTH.includes(auth)) fail(path, `client_auth_type must be one of ${CLIENT_AUTH.join(', ')}`);
    clientAuth = auth as ClientAuthType;
    const min = tls.min_version ?? 'TLS12';
    if (!(min in TLS_VERSIONS)) fail(path, `min_version must be one of ${Object.keys(TLS_VERSIONS).join(', ')}`);
    if (auth !== 'NoClientCert' && auth !== 'RequestClientCert' && auth !== 'RequireAnyClientCert' && !tls.client_ca_file) fail(path, `client_auth_type ${auth} needs client_ca_file`);
    const cert = readFile(path, tls.cert_file, 'cert_file');
    const key = readFile(path, tls.key_file, 'key_file');
    checkServerPair(path, tls, cert, key);
    const ca = tls.client_ca_file ? readFile(path, tls.client_ca_file, 'client_ca_file') : undefined;
    if (ca) checkCertificates(path, tls.client_ca_file ?? '', 'client_ca_file', ca);
    https = {
      cert,
      key,
      ...(ca ? { ca } : {}),
      ...handshakeOptions(auth as ClientAuthType),
      minVersion: TLS_VERSIONS[min as keyof typeof TLS_VERSIONS],
    };
  }
  const users = new Map<string, string>();
  const listed = doc.basic_auth_users === undefined || doc.basic_auth_users === null ? {} : mapping(path, doc.basic_auth_users, 'basic_auth_users');
  for (const [user, hash] of Object.entries(listed)) {
    if (typeof hash !== 'string' || !/^\$2[aby]\$\d\d\$.{53}$/.test(hash)) fail(path, `basic_auth_users.${user} must be a bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\\n')`);
    users.set(user, hash.replace(/^\$2y\$/, '$2b$'));
  }
  return { https, clientAuth, users };
}

/** redis_exporter's --tls-server-* flags as the same HTTPS settings (a CA file means client certs are required and verified). */
export function webConfigFromTlsFlags(flags: WebTlsFlags): WebConfig {
  const read = (file: string, flag: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(`--${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  const clientAuth: ClientAuthType = flags.caFile ? 'RequireAndVerifyClientCert' : 'NoClientCert';
  const ca = flags.caFile ? { ca: read(flags.caFile, 'tls-server-ca-cert-file') } : {};
  return {
    https: { cert: read(flags.certFile, 'tls-server-cert-file'), key: read(flags.keyFile, 'tls-server-key-file'), ...ca, ...handshakeOptions(clientAuth), minVersion: flags.minVersion },
    clientAuth,
    users: new Map(),
  };
}

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { isIP } from 'node:net';
import { VitalsError } from '../errors.js';

export interface TlsOptions {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** SNI and the name the certificate must carry; defaults to the address's host. */
  readonly serverName: string;
  readonly skipVerify: boolean;
}

/** A TLS file (CA, client certificate or key) that could not be read or is not what it should be. */
export class TlsFileError extends VitalsError {
  constructor(message: string) {
    super('E_TLS_FILE', message);
    this.name = 'TlsFileError';
  }
}

export interface TlsSocketFiles {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly servername?: string;
  readonly rejectUnauthorized: boolean;
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new TlsFileError(`TLS ${what} ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Reads and checks the TLS files of a rediss:// target. Called at start-up (a failure is a
 * config error) and before every connect, never after a socket exists: a file that went away
 * is then a `tls` poll error that names it, and no connection is opened for nothing.
 */
export function readTlsFiles(tls: TlsOptions, host: string): TlsSocketFiles {
  const ca = tls.caFile ? read(tls.caFile, 'CA file') : undefined;
  const cert = tls.certFile ? read(tls.certFile, 'client certificate') : undefined;
  const key = tls.keyFile ? read(tls.keyFile, 'client key') : undefined;
  if (ca) {
    // Node ignores a CA that is not PEM and then trusts the default roots: refuse it instead.
    try {
      new X509Certificate(ca);
    } catch {
      throw new TlsFileError(`TLS CA file ${tls.caFile}: not a PEM certificate`);
    }
  }
  if (cert && key) {
    try {
      createSecureContext({ cert, key });
    } catch (err) {
      throw new TlsFileError(`TLS client certificate ${tls.certFile} / key ${tls.keyFile}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    // SNI must be a name (RFC 6066); for an IP address the certificate is checked against the IP.
    ...(tls.serverName || !isIP(host) ? { servername: tls.serverName || host } : {}),
    rejectUnauthorized: !tls.skipVerify,
  };
}

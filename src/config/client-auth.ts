import type { TLSSocket } from 'node:tls';

/** tls_server_config.client_auth_type values, as exporter-toolkit (Go's crypto/tls) names them. */
export const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

/** Node's handshake options for a mode; what Node cannot express is left to clientCertRefusal. */
export function handshakeOptions(mode: ClientAuthType): { requestCert: boolean; rejectUnauthorized: boolean } {
  return { requestCert: mode !== 'NoClientCert', rejectUnauthorized: mode === 'RequireAndVerifyClientCert' };
}

/**
 * Go's rules for the modes Node's two switches cannot state, judged once the handshake is done:
 * RequireAnyClientCert wants some certificate but never checks it (a self-signed one passes);
 * VerifyClientCertIfGiven lets a client without one in, but a given certificate must verify
 * against client_ca_file. Returns why the connection is refused, or undefined to accept it.
 */
export function clientCertRefusal(mode: ClientAuthType, socket: TLSSocket): string | undefined {
  if (mode !== 'RequireAnyClientCert' && mode !== 'VerifyClientCertIfGiven') return undefined;
  const given = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
  if (mode === 'RequireAnyClientCert') return given ? undefined : 'no client certificate';
  if (given && !socket.authorized) return `client certificate not trusted: ${String(socket.authorizationError ?? 'unknown')}`;
  return undefined;
}

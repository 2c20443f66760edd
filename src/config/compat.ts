import { ConfigError } from '../errors.js';
import { FLAGS, type FlagSpec } from './flags.js';
import { parseDuration } from './duration.js';
import { durationOf, enumOf } from './values.js';

/**
 * One warning line per redis_exporter flag (or its env var) that is set but has no effect here,
 * naming the difference: never an exit, never silence.
 */
export function compatWarnings(raw: (name: string) => string, explicit: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of FLAGS) {
    if (f.notApplied === undefined || !explicit(f.name)) continue;
    const value = raw(f.name).trim();
    const quiet = f.quietValues ?? [f.def];
    if (quiet.includes(value) || (f.kind === 'bool' && quiet.includes(boolWord(value)))) continue;
    out.push(`redis_exporter flag --${f.name} (env ${f.env}) is accepted but not applied: ${f.notApplied}`);
  }
  return out;
}

function boolWord(v: string): string {
  return ['true', '1', 't', 'yes'].includes(v.toLowerCase()) ? 'true' : ['false', '0', 'f', 'no'].includes(v.toLowerCase()) ? 'false' : v;
}

/**
 * --log-format: redis_exporter 1.45 logs JSON for `json` and text for any other value (`text`,
 * `JSON`, empty). The same here, with one warning for a value that is neither txt nor json.
 */
export function logFormatOf(raw: string, warn: (line: string) => void): 'txt' | 'json' {
  const v = raw.trim();
  if (v === 'txt' || v === 'json') return v;
  warn(`--log-format "${raw}" is neither txt nor json: logging txt, as redis_exporter does for any value but json`);
  return 'txt';
}

/**
 * --connection-timeout, capped by --poll.timeout. `0` is redis_exporter's "no connect timeout of
 * its own": here the poll's deadline then bounds the connect, as it bounds everything else.
 */
export function connectTimeoutOf(spec: FlagSpec, raw: string, pollTimeoutMs: number): number {
  if (parseDuration(raw) === 0) return pollTimeoutMs;
  return Math.min(durationOf(spec, raw), pollTimeoutMs);
}

const NAMESPACE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** --namespace: a metric-name prefix, so it must be a valid start of a Prometheus name. */
export function parseNamespace(raw: string): string {
  const ns = raw.trim();
  if (!NAMESPACE.test(ns)) throw new ConfigError(`--namespace: "${raw}" must be letters, digits and _ (not starting with a digit), e.g. redis`);
  return ns;
}

/** redis_exporter's --tls-server-* flags: this exporter's own HTTPS, as --web.config.file can give it. */
export interface WebTlsFlags {
  readonly certFile: string;
  readonly keyFile: string;
  /** Scrapers must present a client certificate signed by this CA (RequireAndVerifyClientCert). */
  readonly caFile: string;
  readonly minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
}

const VERSIONS = { 'TLS1.0': 'TLSv1', 'TLS1.1': 'TLSv1.1', 'TLS1.2': 'TLSv1.2', 'TLS1.3': 'TLSv1.3' } as const;

export function loadWebTlsFlags(raw: (name: string) => string, spec: (name: string) => FlagSpec, warn: (line: string) => void): WebTlsFlags | undefined {
  const certFile = raw('tls-server-cert-file');
  const keyFile = raw('tls-server-key-file');
  const caFile = raw('tls-server-ca-cert-file');
  const min = enumOf<keyof typeof VERSIONS>(spec('tls-server-min-version'), raw('tls-server-min-version'));
  if (certFile === '' && keyFile === '' && caFile === '') return undefined;
  if (certFile === '' || keyFile === '') throw new ConfigError('--tls-server-cert-file and --tls-server-key-file go together');
  if (raw('web.config.file') !== '') {
    warn("--tls-server-cert-file/--tls-server-key-file are ignored: --web.config.file is set and its tls_server_config decides the exporter's TLS");
    return undefined;
  }
  return { certFile, keyFile, caFile, minVersion: VERSIONS[min] };
}

import { ConfigError } from '../errors.js';
import { readTlsFiles, type TlsOptions } from './tls-files.js';
import { parseRedisAddress, type RedisAddress } from './address.js';
import { parseDisabledChecks } from './doctor-disable.js';
import { readSecretFile, type PasswordFileRef } from './secret-file.js';

export type { TlsOptions } from './tls-files.js';

/** One Redis to poll. In single-target mode it comes from the flags; else from `targets:` in the file. */
export interface TargetConfig {
  /** Unique; the `target` label and the `/scrape?target=` value. Never contains credentials. */
  readonly name: string;
  readonly address: RedisAddress;
  readonly user: string;
  readonly password: string;
  /** Where `password` came from; re-read at every reconnect (docs/security-model.md). */
  readonly passwordFile?: PasswordFileRef;
  readonly tls: TlsOptions;
  /** Extra labels put on this target's series. */
  readonly labels: Readonly<Record<string, string>>;
  /** The big-key scan runs here instead of on the target (a replica of it); see docs/bigkeys.md. */
  readonly bigkeysReplica?: RedisAddress;
  /** The Redis log to follow for this target (--redis.log-file, or log-file in a targets file). */
  readonly logFile?: string;
  /** Doctor checks turned off for this target only (on top of --doctor.disable). */
  readonly doctorDisable?: readonly string[];
}

const TARGET_KEYS = new Set(['name', 'addr', 'user', 'password', 'password-file', 'tls', 'labels', 'bigkeys-replica', 'doctor-disable', 'log-file', 'log_file']);
const TLS_KEYS = new Set(['ca-file', 'cert-file', 'key-file', 'server-name', 'skip-verify']);
// '' is an absent key (str() maps null/undefined to it): verification stays on.
const BOOL_WORDS = new Set(['', 'true', 'false', 'yes', 'no', '1', '0']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// `target` is the exporter's own on every series; `instance` and `job` are Prometheus's; `quantile`
// and `le` are the format's own (a summary or histogram line without them is broken). Any other
// name may collide with a family's own label, which is then renamed exported_<name> at render.
const RESERVED_LABELS = new Set(['target', 'instance', 'job', 'quantile', 'le']);

/**
 * The password of a target: `password`, else its password file's (config/secret-file.ts: the
 * first line exactly, or this address's entry of a JSON map), else the address's. The file is
 * read here so a missing one stops start-up (exit 2); the connection re-reads it at each
 * reconnect. A JSON map without an entry for the address gives '' (no password, as in
 * redis_exporter) and a warning that names the address, never a password.
 */
export function passwordOf(password: string, file: PasswordFileRef, fromAddress: string, what: string, warn: (line: string) => void): { password: string; passwordFile?: PasswordFileRef } {
  if (password) return { password };
  if (!file.path) return { password: fromAddress };
  let read;
  try {
    read = readSecretFile(file);
  } catch (err) {
    throw new ConfigError(`${what}: ${(err as Error).message}`);
  }
  if (read.mapWithoutEntry !== undefined) warn(`${what}: ${file.path} is a JSON map of ${read.mapWithoutEntry} URI(s) with no entry for ${file.display}; connecting without a password`);
  return { password: read.password || fromAddress, passwordFile: file };
}

/** A rediss:// target's TLS files must be readable and valid at start-up: one line, exit 2 otherwise. */
export function checkTlsFiles(target: TargetConfig): void {
  for (const address of [target.address, target.bigkeysReplica]) {
    if (!address || address.kind !== 'tcp' || !address.tls) continue;
    try {
      readTlsFiles(target.tls, address.host);
    } catch (err) {
      throw new ConfigError(`${target.name}: ${(err as Error).message}`);
    }
  }
}

function asRecord(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${where} must be a mapping`);
  return v as Record<string, unknown>;
}

function str(rec: Record<string, unknown>, key: string, where: string): string {
  const v = rec[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') throw new ConfigError(`${where}: "${key}" must be a single value`);
  return String(v);
}

export function parseTls(raw: unknown, where: string, fallback: TlsOptions): TlsOptions {
  if (raw === undefined || raw === null) return fallback;
  const rec = asRecord(raw, `${where}.tls`);
  for (const k of Object.keys(rec)) if (!TLS_KEYS.has(k)) throw new ConfigError(`${where}.tls: unknown key "${k}"`);
  const skip = str(rec, 'skip-verify', `${where}.tls`).trim().toLowerCase();
  if (!BOOL_WORDS.has(skip)) throw new ConfigError(`${where}.tls: "skip-verify": "${str(rec, 'skip-verify', where)}" is not true or false`);
  return {
    caFile: str(rec, 'ca-file', where),
    certFile: str(rec, 'cert-file', where),
    keyFile: str(rec, 'key-file', where),
    serverName: str(rec, 'server-name', where),
    skipVerify: skip === 'true' || skip === 'yes' || skip === '1',
  };
}

/** Validates the `targets:` list of a config file; every error names the entry and the key. */
export function parseTargets(raw: unknown, file: string, defaults: { tls: TlsOptions }, warn: (line: string) => void = () => undefined): TargetConfig[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(`${file}: "targets" must be a non-empty list`);
  const names = new Set<string>();
  return raw.map((entry, i) => {
    const where = `${file}: targets[${i}]`;
    const rec = asRecord(entry, where);
    for (const k of Object.keys(rec)) if (!TARGET_KEYS.has(k)) throw new ConfigError(`${where}: unknown key "${k}"`);
    const addr = str(rec, 'addr', where);
    if (!addr) throw new ConfigError(`${where}: "addr" is required`);
    let address: RedisAddress;
    try {
      address = parseRedisAddress(addr);
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message.replace(/^--redis.addr: /, 'addr: ')}`);
    }
    const name = str(rec, 'name', where) || address.display;
    if (!/^[\w.:/@[\]-]+$/.test(name)) throw new ConfigError(`${where}: name "${name}" may use letters, digits and . _ - : / @ [ ] only`);
    if (names.has(name)) throw new ConfigError(`${where}: duplicate target name "${name}"`);
    names.add(name);
    const secret = passwordOf(str(rec, 'password', where), { path: str(rec, 'password-file', where), raw: addr, display: address.display }, address.password, `${where}.password-file`, warn);
    const labels: Record<string, string> = {};
    if (rec.labels !== undefined) {
      for (const [k, v] of Object.entries(asRecord(rec.labels, `${where}.labels`))) {
        if (!LABEL_NAME.test(k) || k.startsWith('__')) throw new ConfigError(`${where}.labels: "${k}" is not a valid label name`);
        if (RESERVED_LABELS.has(k)) throw new ConfigError(`${where}.labels: "${k}" is reserved (${[...RESERVED_LABELS].join(', ')})`);
        if (v === null || typeof v === 'object') throw new ConfigError(`${where}.labels: "${k}" must be a single value`);
        labels[k] = String(v);
      }
    }
    const replica = str(rec, 'bigkeys-replica', where);
    let bigkeysReplica: { bigkeysReplica?: RedisAddress } = {};
    try {
      if (replica) bigkeysReplica = { bigkeysReplica: parseRedisAddress(replica, 'bigkeys-replica') };
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message.replace(/^--bigkeys-replica: /, 'bigkeys-replica: ')}`);
    }
    const rawDisable = rec['doctor-disable'];
    const disableText = Array.isArray(rawDisable) ? rawDisable.map(String).join(',') : rawDisable === undefined || rawDisable === null ? '' : String(rawDisable);
    const doctorDisable = parseDisabledChecks(disableText, `${where}.doctor-disable`);
    return {
      name,
      address,
      user: str(rec, 'user', where) || address.user,
      ...secret,
      tls: parseTls(rec.tls, where, defaults.tls),
      labels,
      ...bigkeysReplica,
      ...(doctorDisable.length > 0 ? { doctorDisable } : {}),
      ...(str(rec, 'log-file', where) || str(rec, 'log_file', where) ? { logFile: str(rec, 'log-file', where) || str(rec, 'log_file', where) } : {}),
    };
  });
}

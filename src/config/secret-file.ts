import { readFileSync } from 'node:fs';
import { VitalsError } from '../errors.js';
import { lookupPassword, parsePasswordFile } from '../parse/password-file.js';
import { addSecret } from './secrets.js';

/** A password file that could not be read (at a reconnect: the poll fails with reason `auth`). */
export class SecretFileError extends VitalsError {
  constructor(message: string) {
    super('E_SECRET_FILE', message);
    this.name = 'SecretFileError';
  }
}

/** Which entry of a JSON map file (redis_exporter's form) is this target's: its address as given and normalised. */
export interface PasswordFileRef {
  readonly path: string;
  readonly raw: string;
  readonly display: string;
}

export interface SecretRead {
  readonly password: string;
  /** Set when the file is a JSON map with no entry for this address (then `password` is ''). */
  readonly mapWithoutEntry?: number;
}

/**
 * A password file's password: the first line exactly as written, less its line ending (`\n` or
 * `\r\n`) — spaces and tabs are part of it, as Redis's own `requirepass` takes them — or, for
 * redis_exporter's JSON map form, this address's entry. Read at start-up and again at every
 * reconnect, so a rotated password needs no restart; every password read joins the scrubber's
 * secrets (all of a map's).
 */
export function readSecretFile(ref: PasswordFileRef): SecretRead {
  let text: string;
  try {
    text = readFileSync(ref.path, 'utf8');
  } catch (err) {
    throw new SecretFileError(`password file ${ref.path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const file = parsePasswordFile(text);
  if (file.kind === 'line') {
    addSecret(file.password);
    return { password: file.password };
  }
  for (const p of file.passwords.values()) addSecret(p);
  const found = lookupPassword(file.passwords, ref.raw, ref.display);
  return found === undefined ? { password: '', mapWithoutEntry: file.passwords.size } : { password: found };
}

import { readFileSync } from 'node:fs';
import { VitalsError } from '../errors.js';
import { addSecret } from './secrets.js';

/** A password file that could not be read (at a reconnect: the poll fails with reason `auth`). */
export class SecretFileError extends VitalsError {
  constructor(message: string) {
    super('E_SECRET_FILE', message);
    this.name = 'SecretFileError';
  }
}

/**
 * A password file's exact content, less one trailing line ending (`\n` or `\r\n`): spaces and
 * any other characters are part of the password, as Redis's own `requirepass` takes them. Read
 * at start-up and again at every reconnect, so a rotated password needs no restart; each value
 * read joins the log scrubber's secrets.
 */
export function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SecretFileError(`password file ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const password = text.replace(/\r?\n$/, '');
  addSecret(password);
  return password;
}

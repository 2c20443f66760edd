import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostError } from '../errors.js';

/** Where the host's procfs, sysfs and root filesystem are mounted (node_exporter's --path.* flags). */
export interface HostRoots {
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
}

/** `/var/lib/redis` as the exporter sees it: under rootfs (join keeps an absolute path inside it). */
export function underRoot(root: string, absolute: string): string {
  return join(root, absolute);
}

/** Reads a small text file; any failure becomes an E_HOST_READ naming the path and the errno code. */
export async function readHostFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw hostReadError(path, err);
  }
}

export function hostReadError(path: string, err: unknown): HostError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new HostError('E_HOST_READ', `cannot read ${path}: ${code}`, { cause: err });
}

/** ENOENT, whether raw from node:fs or wrapped by hostReadError. */
export function isNotFound(err: unknown): boolean {
  const e = err as (NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) | undefined;
  return e?.code === 'ENOENT' || e?.cause?.code === 'ENOENT';
}

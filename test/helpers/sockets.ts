import { readFileSync } from 'node:fs';

/**
 * Established TCP connections on this machine to 127.0.0.1:`port`, client side (from
 * /proc/net/tcp). Counts what the kernel has accepted even when the server process is frozen
 * (SIGSTOP) and cannot call accept() itself.
 */
export function establishedTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[2] is the remote address:port, cols[3] the state (01 = ESTABLISHED).
      if (cols[2]?.endsWith(`:${hexPort}`) && cols[3] === '01') n++;
    }
  }
  return n;
}

import { expect } from 'vitest';
import type { Daemon } from './cli.js';
import { parseExposition } from './exposition.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/**
 * The quick start with no Redis running, for any form of the exporter (sources, the npm bin, the
 * single binary): started on a port nothing listens on, scraped until `polls` polls have failed,
 * stopped with SIGTERM. Returns the log lines before the shutdown line.
 */
export async function logWithoutRedis(start: (args: string[]) => Daemon, extra: string[] = [], polls = 5): Promise<string[]> {
  const port = await freePort();
  const closed = await freePort();
  const p = start(['--redis.addr', `127.0.0.1:${closed}`, '--web.listen-address', `127.0.0.1:${port}`, ...extra]);
  try {
    await waitFor(
      async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
      (m) => (m.get('redis_vitals_polls_total') ?? 0) >= polls && m.get('redis_up') === 0,
      { what: `${polls} failed polls`, intervalMs: 100 },
    );
  } finally {
    p.child.kill('SIGTERM');
  }
  expect(await p.exited).toBe(0);
  const lines = p
    .output()
    .split('\n')
    .filter((l) => l !== '');
  // The last line is the shutdown; before it, what the user read while it ran.
  expect(lines.at(-1)).toContain('shutting down');
  return lines.slice(0, -1);
}

/**
 * What the README promises: the startup line, then exactly one warning saying what could not be
 * reached and which flag fixes it, in the readable default format (logfmt, ISO time, word levels),
 * and nothing about --host.data-dir (a red herring while Redis is down).
 */
export function expectOneReadableWarning(lines: readonly string[]): void {
  for (const l of lines) expect(l).toMatch(/^time=\d{4}-\d\d-\d\dT\S+Z level=(info|warn) msg=/);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/level=info msg="redis-vitals listening"/);
  expect(lines[1]).toMatch(/level=warn msg="cannot poll Redis; retrying with backoff" target=redis:\/\/127\.0\.0\.1:\d+ reason=connection_refused/);
  expect(lines[1]).toContain('--redis.addr');
  expect(lines.join('\n')).not.toContain('host.data-dir');
}

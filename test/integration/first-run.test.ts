import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The quick start with no Redis running: the user must read one line that says what is wrong
 * and what to do, not a page of host-area warnings about --host.data-dir (a red herring: the data
 * directory is unknown only because Redis has not answered CONFIG GET yet).
 */
async function firstRun(extra: string[]): Promise<string[]> {
  const port = await freePort();
  const closed = await freePort();
  // host.collect=on: the host areas that wait on CONFIG GET dir run, as they do for localhost.
  const p = spawnCli(['--redis.addr', `127.0.0.1:${closed}`, '--web.listen-address', `127.0.0.1:${port}`, '--poll.interval', '100ms', '--host.collect', 'on', ...extra]);
  try {
    await waitFor(
      async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
      (m) => (m.get('redis_vitals_polls_total') ?? 0) >= 5,
      { what: 'several failed polls' },
    );
  } finally {
    p.child.kill('SIGTERM');
  }
  expect(await p.exited).toBe(0);
  const lines = p
    .output()
    .split('\n')
    .filter((l) => l !== '');
  // The last line is the shutdown; before it, only the startup line and the one warning.
  expect(lines.at(-1)).toContain('shutting down');
  return lines.slice(0, -1);
}

describe('first run without Redis', () => {
  it('txt (the default): one readable warning that names the address and the flag to fix it', async () => {
    const lines = await firstRun([]);
    for (const l of lines) expect(l).toMatch(/^time=\d{4}-\d\d-\d\dT\S+Z level=(info|warn) msg=/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/level=info msg="redis-vitals listening"/);
    const problems = lines.filter((l) => !l.includes('level=info'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/level=warn msg="cannot poll Redis; retrying with backoff" target=redis:\/\/127\.0\.0\.1:\d+ reason=connection_refused/);
    expect(problems[0]).toContain('--redis.addr');
    expect(lines.join('\n')).not.toContain('host.data-dir');
  });

  it('--log-format json: one JSON object a line, with word levels', async () => {
    const lines = (await firstRun(['--log-format', 'json'])).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn']);
    expect(lines[1]?.msg).toBe('cannot poll Redis; retrying with backoff');
    expect(lines[1]?.reason).toBe('connection_refused');
    expect(String(lines[1]?.error)).toContain('--redis.addr');
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { expectOneReadableWarning, logWithoutRedis } from '../helpers/first-run.js';

/**
 * The quick start with no Redis running: the user must read one line that says what is wrong
 * and what to do, not a page of host-area warnings about --host.data-dir (a red herring: the data
 * directory is unknown only because Redis has not answered CONFIG GET yet). The npm bin and the
 * single binary are held to the same in test/package/.
 */
describe('first run without Redis', () => {
  it('txt (the default), default flags: one readable warning that names the address and the flag to fix it', async () => {
    // 127.0.0.1 is local: the host areas that wait on CONFIG GET dir run, as they do for the quick start's localhost.
    expectOneReadableWarning(await logWithoutRedis((args) => spawnCli(args)));
  });

  it('polling fast with host metrics forced on: still one warning', async () => {
    expectOneReadableWarning(await logWithoutRedis((args) => spawnCli(args), ['--poll.interval', '100ms', '--host.collect', 'on'], 10));
  });

  it('--log-format json: one JSON object a line, with word levels', async () => {
    const lines = (await logWithoutRedis((args) => spawnCli(args), ['--log-format', 'json', '--poll.interval', '100ms'])).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn']);
    expect(lines[1]?.msg).toBe('cannot poll Redis; retrying with backoff');
    expect(lines[1]?.reason).toBe('connection_refused');
    expect(String(lines[1]?.error)).toContain('--redis.addr');
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
  });
});

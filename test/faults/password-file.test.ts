import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter } from '../helpers/exporter.js';
import { redisCommand, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 15: the password file holds the exact password (only one trailing line ending
 * is dropped) and is read again at every reconnect, so a rotated password needs no restart.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

const dir = mkdtempSync(join(tmpdir(), 'rv-pwfile-'));

describe('password file', () => {
  it.each([
    ['spaces around it', '  spaced pw  ', '  spaced pw  \n'],
    ['a CRLF ending', 'crlf-pw', 'crlf-pw\r\n'],
    ['no line ending', 'bare-pw', 'bare-pw'],
    ['a trailing tab', 'tab-pw\t', 'tab-pw\t\n'],
  ])('%s: the exact content is the password', async (_name, password, content) => {
    const redis = await startRedis({ requirepass: password });
    const file = join(dir, `pw-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, content);
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password-file': file });
    stops.push(() => e.stop());
    // A wrong password never turns up 1; a cold first poll may miss its deadline, so wait for up.
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'up' },
    );
    expect(m.get('redis_vitals_poll_errors_total', { reason: 'auth' })).toBeUndefined();
  });

  it('a rotated password is read at the next reconnect, and never logged', async () => {
    const redis = await startRedis({ requirepass: 'old-pw-5c1d' });
    const file = join(dir, 'rotating');
    writeFileSync(file, 'old-pw-5c1d\n');
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password-file': file });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up with the old password' },
    );
    // Rotate: Redis first, then the file, then drop our connection so the exporter reconnects.
    await redis.cmd('CONFIG', 'SET', 'requirepass', 'new-pw-9e2b').catch(() => undefined);
    writeFileSync(file, 'new-pw-9e2b\n');
    await redisCommand(redis.port, ['CLIENT', 'KILL', 'TYPE', 'normal'], { password: 'new-pw-9e2b' });
    const errorsBefore = (await e.metrics()).get('redis_vitals_poll_errors_total', { reason: 'auth' }) ?? 0;
    const polls0 = (await e.metrics()).get('redis_vitals_polls_total') ?? 0;
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= polls0 + 3 && x.get('redis_up') === 1,
      { what: 'up with the new password' },
    );
    expect(m.get('redis_vitals_poll_errors_total', { reason: 'auth' }) ?? 0).toBe(errorsBefore);
    expect(e.logs.join('\n')).not.toContain('new-pw-9e2b');
    expect(e.logs.join('\n')).not.toContain('old-pw-5c1d');
  });
});

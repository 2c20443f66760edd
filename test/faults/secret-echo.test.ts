import { afterAll, describe, expect, it } from 'vitest';
import { scrub } from '../../src/log.js';
import { spawnCli } from '../helpers/cli.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { resp, startFakeRedis } from '../helpers/fake-redis.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 3: a server that echoes the password back (Redis does for an unknown or renamed
 * AUTH: "ERR unknown command 'AUTH', with args beginning with: '<password>'") must not get it
 * onto /doctor, /doctor.json, check/doctor output or the logs, in any escaping. The marker has
 * no special characters, so it survives every escaping (JSON, HTML) and finds each one.
 */
const MARKER = 'Echo7f3aMarker';
const PASSWORDS = [`plain-${MARKER}`, `q"uo\\te-${MARKER}`, `b\\\\ack"\\"-${MARKER}`];

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

async function echoingRedis(): Promise<RedisHandle> {
  return startRedis({ config: ['rename-command AUTH ""'] });
}

describe('the log scrubber', () => {
  it.each(PASSWORDS)('catches %s raw, JSON-escaped once and twice', (pw) => {
    const once = JSON.stringify({ error: `x ${pw} y` });
    const twice = JSON.stringify({ line: once });
    for (const text of [`raw ${pw} raw`, once, twice]) expect(scrub(text, [pw])).not.toContain(MARKER);
  });
});

describe('a server that echoes the password in its error', () => {
  it.each(PASSWORDS)('password %s reaches no page and no log line', async (pw) => {
    const redis = await echoingRedis();
    for (const format of ['json', 'txt']) {
      const e: TestExporter = await startTestExporter({ 'redis.addr': redis.url, 'redis.password': pw, 'log-format': format });
      stops.push(() => e.stop());
      await waitFor(
        () => e.metrics(),
        (m) => (m.get('redis_vitals_poll_errors_total', { reason: 'command' }) ?? 0) >= 2,
        { what: 'two command errors' },
      );
      // The refusal is reported (so the test sees the path the password took) without it.
      const json = await waitFor(
        async () => (await fetch(`${e.url}/doctor.json`)).text(),
        (t) => t.includes('unknown command'),
        { what: 'the refusal on /doctor.json' },
      );
      const doctor = await (await fetch(`${e.url}/doctor`)).text();
      for (const text of [doctor, json, await e.scrape(), e.logs.join('\n')]) expect(text).not.toContain(MARKER);
    }
  });

  it('check and doctor print the refusal without the password', async () => {
    const redis = await echoingRedis();
    const pw = PASSWORDS[1] as string;
    for (const command of ['check', 'doctor']) {
      for (const format of ['text', 'json']) {
        const cli = spawnCli([command, '--redis.addr', redis.url, '--format', format, '--check.window', '10ms', '--host.collect', 'off'], { REDIS_PASSWORD: pw });
        await cli.exited;
        expect(cli.output()).toContain('unknown command');
        expect(cli.output()).not.toContain(MARKER);
      }
    }
  });
});

/**
 * A proxy that quotes the password in words of its own: nothing there to cut like Redis's "with
 * args beginning with", so the scrubber alone keeps it off every surface.
 */
describe('a proxy that echoes the password in its own words', () => {
  it.each(PASSWORDS)('password %s reaches no page, no log line and no check output', async (pw) => {
    const proxy = await startFakeRedis((cmd) => ((cmd[0] ?? '').toUpperCase() === 'AUTH' ? resp.error(`ERR proxy: backend refused credentials ${cmd.at(-1) ?? ''}`) : undefined));
    stops.push(() => proxy.stop());
    const e = await startTestExporter({ 'redis.addr': proxy.url, 'redis.password': pw, 'log-format': 'json' });
    stops.push(() => e.stop());
    const json = await waitFor(
      async () => (await fetch(`${e.url}/doctor.json`)).text(),
      (t) => t.includes('backend refused credentials'),
      { what: 'the refusal on /doctor.json' },
    );
    const doctor = await (await fetch(`${e.url}/doctor`)).text();
    for (const text of [doctor, json, await e.scrape(), e.logs.join('\n')]) expect(text).not.toContain(MARKER);
    const cli = spawnCli(['check', '--redis.addr', proxy.url, '--format', 'json', '--check.window', '10ms', '--host.collect', 'off'], { REDIS_PASSWORD: pw });
    await cli.exited;
    expect(cli.output()).toContain('backend refused credentials');
    expect(cli.output()).not.toContain(MARKER);
  });
});

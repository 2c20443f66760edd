import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { parseDuration } from '../../src/config/duration.js';
import { FLAGS } from '../../src/config/flags.js';
import { ConfigError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 12 item 8: every duration setting has a documented minimum and maximum, none reaches
 * 2^31 ms (where Node's timers fire after 1 ms), and units are consistent: ns and us are parsed
 * like ms, so a value below a minimum is refused for being too small, whatever its unit.
 */
const TIMER_MAX_MS = 2 ** 31 - 1;
const DURATIONS = FLAGS.filter((f) => f.kind === 'duration');
/** Where 0 has a meaning of its own (--check.window=0s: one poll, no second one). */
const ZERO_ALLOWED = new Set(['check.window']);
/** Whose default is the word `auto` (--poll.interval follows the scrapes); a duration is still accepted. */
const AUTO_DEFAULT = new Set(['poll.interval']);

function refusal(name: string, value: string): string {
  try {
    loadConfig(new Map([[name, value]]), {});
    return '';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe('duration bounds', () => {
  it('every duration flag declares a range below the timer limit that holds its default', () => {
    expect(DURATIONS.length).toBeGreaterThanOrEqual(8);
    for (const f of DURATIONS) {
      expect(f.range, f.name).toBeDefined();
      const [min, max] = (f.range ?? ['', '']).map((r) => parseDuration(r) ?? NaN) as [number, number];
      if (ZERO_ALLOWED.has(f.name)) expect(min, f.name).toBe(0);
      else expect(min, f.name).toBeGreaterThan(0);
      expect(max, f.name).toBeLessThan(TIMER_MAX_MS);
      if (AUTO_DEFAULT.has(f.name)) {
        expect(f.def, f.name).toBe('auto');
        continue;
      }
      const def = parseDuration(f.def) ?? NaN;
      expect(def >= min && def <= max, `${f.name} default ${f.def}`).toBe(true);
    }
  });

  it('values past 2^31 ms are refused for every duration flag, with the range in one line', () => {
    for (const f of DURATIONS) {
      for (const v of ['600h', '720h', '25000h']) {
        const msg = refusal(f.name, v);
        expect(msg, `${f.name}=${v}`).toMatch(new RegExp(`^--${f.name.replace('.', '\\.')}: "${v}" is (outside|not)`));
        expect(msg.split('\n')).toHaveLength(1);
      }
    }
  });

  it("the issue's examples: 600h intervals and timeouts, 720h big-key interval, 0.0001ms", () => {
    expect(refusal('poll.interval', '600h')).toMatch(/outside 100ms to 1h/);
    expect(refusal('poll.timeout', '600h')).toMatch(/outside/);
    expect(refusal('bigkeys.interval', '720h')).toMatch(/outside/);
    expect(refusal('poll.interval', '0.0001ms')).toMatch(/outside 100ms to 1h/);
  });

  it('ns and us are units like ms: too small is refused by the range, not as a syntax error', () => {
    expect(parseDuration('1ns')).toBe(1e-6);
    expect(parseDuration('1500us')).toBe(1.5);
    expect(parseDuration('1500µs')).toBe(1.5);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(refusal('poll.timeout', '1ns')).toMatch(/^--poll\.timeout: "1ns" is outside 10ms to 10m/);
    expect(refusal('poll.timeout', '10000000ns')).toBe('');
    expect(refusal('poll.interval', '200000us')).toBe('');
  });

  it('the command line exits 2 (3 for check) with one line', () => {
    const r = runCli(['--poll.interval', '600h']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['redis-vitals: --poll.interval: "600h" is outside 100ms to 1h']);
    const c = runCli(['check', '--bigkeys.interval', '720h']);
    expect(c.status).toBe(3);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
  });
});

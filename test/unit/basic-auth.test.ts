import bcrypt from 'bcryptjs';
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BasicAuth, type Compare } from '../../src/http/basic-auth.js';

/**
 * Issue 12 item 5: basic auth verification is asynchronous with bounded concurrency, remembers
 * recent successes, and does the same work for an unknown user as for a known one (a compare
 * against a dummy hash of the same cost), so neither the event loop nor the answer time gives
 * users away. Asserted through what the checker does, never through timings.
 */
const HASH = bcrypt.hashSync('right-pass', 5);
const header = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const tick = () => new Promise((r) => setImmediate(r));
const cost = (hash: string) => Number(/^\$2[aby]\$(\d\d)\$/.exec(hash)?.[1]);

/** A compare whose calls are recorded and, when `hold` is set, answered only on release. */
function recordingCompare(hold = false) {
  const calls: { password: string; hash: string; release: () => void }[] = [];
  const compare: Compare = (password, hash) =>
    new Promise((resolve) => {
      const done = () => resolve(bcrypt.compareSync(password, hash));
      calls.push({ password, hash, release: done });
      if (!hold) done();
    });
  return { calls, compare };
}

describe('basic auth checker', () => {
  it("an unknown user costs one compare against a hash of the same cost as a known user's", async () => {
    const { calls, compare } = recordingCompare();
    const auth = new BasicAuth(new Map([['prometheus', HASH]]), { compare });
    expect(await auth.check(header('prometheus', 'wrong'))).toBe('denied');
    expect(await auth.check(header('nobody', 'wrong'))).toBe('denied');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.hash).toBe(HASH);
    expect(calls[1]?.hash).not.toBe(HASH);
    expect(cost(calls[1]?.hash ?? '')).toBe(cost(HASH));
  });

  it('a success is remembered: the next check of the same credentials needs no compare', async () => {
    const { calls, compare } = recordingCompare();
    const auth = new BasicAuth(new Map([['prometheus', HASH]]), { compare });
    expect(await auth.check(header('prometheus', 'right-pass'))).toBe('ok');
    expect(await auth.check(header('prometheus', 'right-pass'))).toBe('ok');
    expect(calls).toHaveLength(1);
    // A failure is not remembered: a wrong password is compared every time.
    expect(await auth.check(header('prometheus', 'nope'))).toBe('denied');
    expect(await auth.check(header('prometheus', 'nope'))).toBe('denied');
    expect(calls).toHaveLength(3);
  });

  it('at most `concurrency` compares run at once; past the queue bound it answers busy, and a remembered client still gets in', async () => {
    const { calls, compare } = recordingCompare(true);
    const auth = new BasicAuth(new Map([['prometheus', HASH]]), { compare, concurrency: 2, maxQueue: 3 });
    // Remember the valid client first (released at once).
    const first = auth.check(header('prometheus', 'right-pass'));
    await tick();
    calls[0]?.release();
    expect(await first).toBe('ok');
    const flood = Array.from({ length: 5 }, (_, i) => auth.check(header('prometheus', `wrong-${i}`)));
    await tick();
    expect(calls).toHaveLength(1 + 2);
    const overflow = await auth.check(header('prometheus', 'wrong-overflow'));
    expect(overflow).toBe('busy');
    expect(await auth.check(header('prometheus', 'right-pass'))).toBe('ok');
    // Releasing compares lets queued ones start, never more than two at a time.
    for (let i = 1; calls[i]; i++) {
      const running = calls.length - i;
      expect(running).toBeLessThanOrEqual(2);
      calls[i]?.release();
      await tick();
    }
    expect(await Promise.all(flood)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied']);
    expect(calls).toHaveLength(1 + 5);
  });

  it('the real compare leaves the event loop free: a timer fires while a cost-10 hash is checked', async () => {
    const slow = bcrypt.hashSync('x', 10);
    const auth = new BasicAuth(new Map([['u', slow]]));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let ticksWhenDone = -1;
    const pending = auth.check(header('u', 'wrong')).then((r) => {
      ticksWhenDone = ticks;
      return r;
    });
    expect(await pending).toBe('denied');
    clearInterval(timer);
    expect(ticksWhenDone).toBeGreaterThan(0);
  });

  it('malformed headers are denied without a compare', async () => {
    const { calls, compare } = recordingCompare();
    const auth = new BasicAuth(new Map([['prometheus', HASH]]), { compare });
    for (const h of [undefined, '', 'Bearer x', 'Basic', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`]) {
      expect(await auth.check(h)).toBe('denied');
    }
    expect(calls).toHaveLength(0);
  });
});

describe('bcrypt worker source', () => {
  it('is bcryptjs as CommonJS text a worker can evaluate without node_modules', async () => {
    const { bcryptSource } = await import('../../src/http/bcrypt-source.js');
    const mod: { exports: Record<string, unknown> } = { exports: {} };
    new Function('exports', 'module', 'require', bcryptSource())(mod.exports, mod, (id: string) => (id === 'crypto' ? crypto : undefined));
    const lib = (mod.exports['default'] ?? mod.exports) as { hashSync(p: string, r: number): string; compareSync(p: string, h: string): boolean };
    const hash = lib.hashSync('pw', 4);
    expect(lib.compareSync('pw', hash)).toBe(true);
    expect(lib.compareSync('other', hash)).toBe(false);
  });

  it('a worker compare answers right and wrong passwords', async () => {
    const { workerCompare } = await import('../../src/http/bcrypt-worker.js');
    const said: string[] = [];
    const compare = workerCompare({ started: () => said.push('started'), unavailable: (why) => said.push(`unavailable: ${why}`) });
    const hash = bcrypt.hashSync('pw', 4);
    expect(await compare('pw', hash)).toBe(true);
    expect(await compare('nope', hash)).toBe(false);
    // On the worker, not the main-thread fallback (which answers the same).
    expect(said).toEqual(['started']);
  });
});

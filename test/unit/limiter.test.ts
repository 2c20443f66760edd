import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/poll/limiter.js';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Limiter', () => {
  // A run() arriving in the microtask gap between one run finishing and the next waiter resuming
  // must not take the slot: tried at every hop count around that gap.
  it('never runs more than its limit, whenever a new run arrives as a slot is handed over', async () => {
    for (let hops = 0; hops < 8; hops++) {
      const limiter = new Limiter(1);
      let running = 0;
      let most = 0;
      const job = (until: Promise<void>) => async () => {
        running++;
        most = Math.max(most, running);
        await until;
        running--;
      };
      const release = deferred();
      const first = limiter.run(job(release.promise));
      const second = limiter.run(job(Promise.resolve()));
      let arrival = release.promise;
      for (let i = 0; i < hops; i++) arrival = arrival.then(() => undefined);
      const late = arrival.then(() => limiter.run(job(Promise.resolve())));
      release.resolve();
      await Promise.all([first, second, late]);
      expect(most, `arriving after ${hops} hops`).toBe(1);
    }
  });

  it('runs up to its limit at once, the rest in order', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    const started: number[] = [];
    const gate = deferred();
    const runs = Array.from({ length: 6 }, (_, i) =>
      limiter.run(async () => {
        running++;
        started.push(i);
        await gate.promise;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(3);
    gate.resolve();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

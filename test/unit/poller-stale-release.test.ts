import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Poller } from '../../src/poll/poller.js';
import { emptySnapshot, type Snapshot } from '../../src/poll/snapshot.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A stale stand-in is built once per snapshot that outlived its age, and kept with the snapshot
 * it stood for. Once a poll completes neither is served again: kept, each target of a fleet that
 * once fell behind (a loaded host) would hold a whole old render (~30 KB) until it next fell behind.
 */
describe('Poller stale stand-in', () => {
  it('lets go of the stand-in and the snapshot it replaced once a poll completes', async () => {
    let ageS = 1000;
    const poller = new Poller({
      target: 't',
      intervalMs: 60_000,
      poll: async () => ({ snapshot: { ...emptySnapshot('t'), polledAt: Date.now() / 1000 - ageS }, extras: {} }),
      stale: (age) => ({ ...emptySnapshot('t'), polledAt: Date.now() / 1000 - age, error: { reason: 'stale', message: 'stale' } }),
      pollMaxMs: 1000,
    });
    // A stopped poller serves its last snapshot whatever its age: started, it judges staleness.
    poller.start();
    const refs = await (async () => {
      const old = await poller.pollOnce();
      const standIn = poller.snapshot;
      expect(standIn).not.toBe(old);
      expect(standIn.error?.reason).toBe('stale');
      return [new WeakRef<Snapshot>(old), new WeakRef<Snapshot>(standIn)];
    })();
    ageS = 0;
    const fresh = await poller.pollOnce();
    expect(poller.snapshot).toBe(fresh);
    await new Promise((r) => setImmediate(r));
    gc();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true]);
    await poller.stop();
  });
});

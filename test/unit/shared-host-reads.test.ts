import { describe, expect, it } from 'vitest';
import { SharedHostReads } from '../../src/host/shared-reads.js';

describe('SharedHostReads', () => {
  const setup = (maxAgeMs = 100) => {
    const clock = { now: 1000 };
    const reads = new SharedHostReads(maxAgeMs, () => clock.now);
    let loads = 0;
    const load = async () => ++loads;
    return { clock, reads, load, loads: () => loads };
  };

  it('serves one reading to every caller within the window, with the time it was read', async () => {
    const { clock, reads, load, loads } = setup();
    expect(await reads.get('meminfo', load)).toEqual({ value: 1, atMs: 1000 });
    clock.now = 1099;
    expect(await reads.get('meminfo', load)).toEqual({ value: 1, atMs: 1000 });
    expect(loads()).toBe(1);
    clock.now = 1100;
    expect(await reads.get('meminfo', load)).toEqual({ value: 2, atMs: 1100 });
  });

  it('keeps keys apart and shares a read in flight', async () => {
    const { reads, load, loads } = setup();
    const [a, b, c] = await Promise.all([reads.get('a', load), reads.get('a', load), reads.get('b', load)]);
    expect([a.value, b.value, c.value]).toEqual([1, 1, 2]);
    expect(loads()).toBe(2);
  });

  it('shares a failure for the window only, then reads again', async () => {
    const { clock, reads } = setup();
    let fail = true;
    const load = async () => {
      if (fail) throw new Error('EACCES');
      return 'ok';
    };
    await expect(reads.get('thp', load)).rejects.toThrow('EACCES');
    fail = false;
    await expect(reads.get('thp', load)).rejects.toThrow('EACCES');
    clock.now += 100;
    await expect(reads.get('thp', load)).resolves.toMatchObject({ value: 'ok' });
  });

  it('never shares longer than half the poll interval, nor longer than 1 s', () => {
    expect(SharedHostReads.forInterval(200).maxAgeMs).toBe(100);
    expect(SharedHostReads.forInterval(5000).maxAgeMs).toBe(1000);
  });

  it('re-reads slow readings (kernel settings, the disk of a device) on the config cadence, not every window', async () => {
    const clock = { now: 0 };
    const reads = new SharedHostReads(100, () => clock.now, 60_000);
    let loads = 0;
    const load = async () => ++loads;
    await reads.get('thp', load, true);
    clock.now = 59_999;
    expect((await reads.get('thp', load, true)).value).toBe(1);
    clock.now = 60_000;
    expect((await reads.get('thp', load, true)).value).toBe(2);
    expect(SharedHostReads.forInterval(5000, 60_000).slowMaxAgeMs).toBe(60_000);
  });
});

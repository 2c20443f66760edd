import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `body` in a fresh node with the daemon's V8 settings (v8-heap.ts) loaded: V8 flags are
 * process-wide, so not in this worker. `churn(rounds)` allocates like a poll whose objects are
 * still in use at the next scavenge (20,000 live objects, replaced as it goes), turning the loop
 * between rounds as a poller does, so the GC observer runs.
 */
function run(body: string, nodeFlags: string[] = []): string[] {
  const script = `
    await import('./src/config/v8-heap.ts');
    const n = await import('./src/config/v8-nursery.ts');
    let keep = [];
    const churn = async (rounds) => {
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < 20000; i++) { keep.push({ a: i, b: [i, i] }); if (keep.length > 20000) keep = []; }
        await new Promise((done) => setImmediate(done));
      }
    };
    const mb = () => String(n.nurseryBytes() / 1048576);
    const out = [];
    ${body}
    console.log(out.join(' '));`;
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split(' ');
}

describe('the nursery grows for a fleet only (v8-nursery.ts)', () => {
  it('stays at two 1 MB semi-spaces under allocation when polls are few, and grows to NURSERY_BYTES, no further, once they are many', () => {
    const out = run(`
      // Under tsx the loader's own start-up may already have doubled it once, before v8-heap.ts ran.
      const start = mb();
      await churn(300);
      out.push(String(mb() === start), String(Number(start) <= 4));
      // One poll a second (one target at a 1 s interval) is not a fleet.
      for (let i = 0; i < 3 * n.POLLS_BUSY; i++) n.notePoll(i * 1000);
      await churn(300);
      out.push(String(mb() === start), String(n.nurseryGrowing()));
      // POLLS_BUSY within a second is.
      for (let i = 0; i < n.POLLS_BUSY; i++) n.notePoll(1e9 + i);
      out.push(String(n.nurseryGrowing()));
      await churn(600);
      out.push(mb(), String(n.nurseryGrowing()));
      await churn(600);
      out.push(mb(), String(n.NURSERY_BYTES / 1048576));`);
    expect(out).toEqual(['true', 'true', 'true', 'false', 'true', '8', 'false', '8', '8']);
  });

  it('poll timers count: POLLS_BUSY targets due at once grow it', () => {
    const out = run(`
      const { LoopLag } = await import('./src/exposition/loop-lag.ts');
      const lag = new LoopLag();
      await Promise.all(Array.from({ length: n.POLLS_BUSY }, () => new Promise((r) => lag.setTimeout(r, 0))));
      await churn(600);
      out.push(mb());`);
    expect(out).toEqual(['8']);
  });

  it('leaves a nursery size given to node alone', () => {
    const out = run(
      `
      for (let i = 0; i < n.POLLS_BUSY; i++) n.notePoll(1e9 + i);
      out.push(String(n.nurseryGrowing()));`,
      ['--max-semi-space-size=16'],
    );
    expect(out).toEqual(['false']);
  });
});

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `body` in a fresh node with v8-tiering.ts loaded (V8 flags are process-wide, so not in
 * this worker). `optimized(f)` runs f hot and says whether TurboFan compiled it, read with V8's
 * own %GetOptimizationStatus (bit 16: optimized, bit 64: by TurboFan).
 */
function run(body: string, nodeFlags: string[] = []): string[] {
  const script = `
    import * as t from './src/config/v8-tiering.ts';
    const status = new Function('f', 'return %GetOptimizationStatus(f)');
    const optimized = (seed) => {
      const f = new Function('n', 'let s = ' + seed + '; for (let i = 0; i < n; i++) s += i % 7; return s;');
      for (let k = 0; k < 4000; k++) f(2000);
      return (status(f) & 64) !== 0;
    };
    const out = [];
    ${body}
    console.log(out.join(' '));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', ...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split(' ');
}

describe('TurboFan held off until the exporter is busy', () => {
  it('compiles nothing with TurboFan after start, and does once BUSY requests or poll timers come within a second', () => {
    const out = run(`
      out.push(t.startWithoutOptimizer(''), optimized(1), t.optimizerHeldOff());
      // Requests spread out (one a second) never turn it on.
      for (let i = 0; i < 3 * t.BUSY; i++) t.noteWork(i * 1000);
      out.push(optimized(2), t.optimizerHeldOff());
      // A burst does.
      for (let i = 0; i < t.BUSY; i++) t.noteWork(1e9 + i);
      out.push(t.optimizerHeldOff(), optimized(3));`);
    expect(out).toEqual(['true', 'false', 'true', 'false', 'true', 'false', 'true']);
  });

  it('poll timers count too: dozens of targets polling within a second turn it on', () => {
    const out = run(`
      const { LoopLag } = await import('./src/exposition/loop-lag.ts');
      const lag = new LoopLag();
      out.push(t.startWithoutOptimizer(''));
      await new Promise((r) => lag.setTimeout(r, 0));
      out.push(t.optimizerHeldOff());
      await Promise.all(Array.from({ length: t.BUSY }, () => new Promise((r) => lag.setTimeout(r, 0))));
      out.push(t.optimizerHeldOff(), optimized(4));`);
    expect(out).toEqual(['true', 'true', 'false', 'true']);
  });

  it('without the hold (tests, library use) TurboFan works as usual', () => {
    expect(run(`out.push(optimized(1));`)).toEqual(['true']);
  });

  it('leaves a choice given to node alone', () => {
    expect(run(`out.push(t.startWithoutOptimizer(process.execArgv.join(' ')), optimized(1));`, ['--turbofan'])).toEqual(['false', 'true']);
    expect(run(`out.push(t.startWithoutOptimizer('--max-semi-space-size=2'), t.optimizerHeldOff());`)).toEqual(['true', 'true']);
  });
});

/**
 * Which call sites TurboFan inlines, read back from V8's own --trace-turbo-inlining: `caller`
 * calls a mid-size function (bytecode between the switch's limit and V8's default) and a small
 * one, and is optimized synchronously after `body`.
 */
function inlined(body: string, nodeFlags: string[] = []): string {
  const mid = Array.from({ length: 12 }, (_, i) => `s = (s * ${i + 3} + x) % 1000003;`).join(' ');
  const script = `
    import * as t from './src/config/v8-tiering.ts';
    function midSize(x) { let s = x; ${mid} return s; }
    function small(x) { return x + 1; }
    function caller(n) { let s = 0; for (let i = 0; i < n; i++) s += midSize(i) + small(i); return s; }
    ${body}
    %PrepareFunctionForOptimization(caller);
    caller(10); caller(10);
    %OptimizeFunctionOnNextCall(caller);
    caller(10);
    console.log((%GetOptimizationStatus(caller) & 64) !== 0 ? 'turbofan' : 'not optimized');`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--trace-turbo-inlining', ...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const into = (name: string) => new RegExp(`^Inlining \\S+ \\{\\S+ <SharedFunctionInfo ${name}>\\} into`, 'm').test(r.stdout);
  return `${r.stdout.trim().split('\n').at(-1)} mid:${into('midSize')} small:${into('small')}`;
}

describe('smaller inlining limits come with TurboFan at the switch', () => {
  it('V8 inlines the mid-size function before the hold is used (the test can see inlining)', () => {
    expect(inlined('')).toBe('turbofan mid:true small:true');
  });

  it('after the switch it inlines small functions only', () => {
    expect(inlined(`t.startWithoutOptimizer(''); for (let i = 0; i < t.BUSY; i++) t.noteWork(1e9 + i);`)).toBe('turbofan mid:false small:true');
  });

  it('limits given to node are kept', () => {
    const body = `t.startWithoutOptimizer(process.execArgv.join(' ')); for (let i = 0; i < t.BUSY; i++) t.noteWork(1e9 + i);`;
    expect(inlined(body, ['--max-inlined-bytecode-size=460'])).toBe('turbofan mid:true small:true');
  });
});

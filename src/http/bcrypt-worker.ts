import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import { bcryptSource } from './bcrypt-source.js';

/** Checks a password against a bcrypt hash. */
export type Compare = (password: string, hash: string) => Promise<boolean>;

/** What the worker tells its owner: a fallback to the main thread must not go unnoticed. */
export interface WorkerEvents {
  /** bcryptjs loaded on the worker thread; compares run there. */
  readonly started?: () => void;
  /** The worker could not start or died: compares run on the main thread from now on. */
  readonly unavailable?: (reason: string) => void;
}

// Plain CommonJS run by the worker: bcryptjs's synchronous compare, one request at a time.
// bcryptjs arrives as source text (its UMD build), so the worker needs no file on disk.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mod = { exports: {} };
new Function('exports', 'module', 'require', workerData.bcrypt)(mod.exports, mod, require);
const bcrypt = mod.exports.default || mod.exports;
if (typeof bcrypt.compareSync !== 'function') throw new Error('bcryptjs did not load');
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});`;

/**
 * bcrypt compares on a worker thread, so the event loop only passes messages: bcryptjs's own
 * async mode still runs on the main thread in chunks of up to 100 ms, which a wrong-password
 * flood turns into 100-200 ms on every /metrics answer (docs/performance.md). If the worker
 * cannot start, compares fall back to that async mode, and `events.unavailable` says why.
 */
export function workerCompare(events: WorkerEvents = {}): Compare {
  let worker: Worker | undefined;
  let broken = false;
  let nextId = 0;
  const pending = new Map<number, (ok: boolean) => void>();
  const start = (): Worker | undefined => {
    if (worker || broken) return worker;
    try {
      const w = new Worker(SOURCE, { eval: true, workerData: { bcrypt: bcryptSource() } });
      w.unref();
      let failure: string | undefined;
      w.on('message', ({ id, ok, ready }: { id: number; ok: boolean; ready?: true }) => {
        if (ready) return events.started?.();
        pending.get(id)?.(ok);
        pending.delete(id);
      });
      w.on('error', (err) => (failure = err.message));
      w.on('exit', (code) => {
        events.unavailable?.(failure ?? `the worker exited with code ${code}`);
        // Whatever was in flight is refused; the next compare falls back to the main thread.
        worker = undefined;
        broken = true;
        for (const resolve of pending.values()) resolve(false);
        pending.clear();
      });
      worker = w;
    } catch (err) {
      broken = true;
      events.unavailable?.((err as Error).message);
    }
    return worker;
  };
  return (password, hash) => {
    const w = start();
    if (!w) return bcrypt.compare(password, hash);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      w.postMessage({ id, password, hash });
    });
  };
}

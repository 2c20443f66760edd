import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import { bcryptSource } from './bcrypt-source.js';

/** Checks a password against a bcrypt hash. */
export type Compare = (password: string, hash: string) => Promise<boolean>;

// Plain CommonJS run by the worker: bcryptjs's synchronous compare, one request at a time.
// bcryptjs arrives as source text (its UMD build), so the worker needs no file on disk.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mod = { exports: {} };
new Function('exports', 'module', 'require', workerData.bcrypt)(mod.exports, mod, require);
const bcrypt = mod.exports.default || mod.exports;
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});`;

/**
 * bcrypt compares on a worker thread, so the event loop only passes messages: bcryptjs's own
 * async mode still runs on the main thread in chunks of up to 100 ms, which a wrong-password
 * flood turns into 100-200 ms on every /metrics answer (docs/performance.md). If the worker
 * cannot start, compares fall back to that async mode.
 */
export function workerCompare(): Compare {
  let worker: Worker | undefined;
  let broken = false;
  let nextId = 0;
  const pending = new Map<number, (ok: boolean) => void>();
  const start = (): Worker | undefined => {
    if (worker || broken) return worker;
    try {
      const w = new Worker(SOURCE, { eval: true, workerData: { bcrypt: bcryptSource() } });
      w.unref();
      w.on('message', ({ id, ok }: { id: number; ok: boolean }) => {
        pending.get(id)?.(ok);
        pending.delete(id);
      });
      w.on('error', () => undefined);
      w.on('exit', () => {
        // Whatever was in flight is refused; the next compare falls back to the main thread.
        worker = undefined;
        broken = true;
        for (const resolve of pending.values()) resolve(false);
        pending.clear();
      });
      worker = w;
    } catch {
      broken = true;
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

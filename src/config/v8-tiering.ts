import { setFlagsFromString } from 'node:v8';

/**
 * V8's optimizing compiler (TurboFan) stays off until the exporter is busy (requests or polls).
 *
 * Measured side by side (bench/node-flags-ab.sh, docs/performance.md): an exporter scraped every
 * 15 s used less CPU without it (0.088 against 0.126-0.129 CPU s/min) and ~6 MB less RSS (its
 * machine code in the node binary is never paged in, nor its compile buffers allocated); so did a
 * 1 s poll (0.71 against 0.85-0.88) and 200 targets at 5 s (17.1 against 19.5 CPU s/min, 108
 * against 121 MB). Code that runs once per poll is optimised, thrown away at the next full GC and
 * optimised again. What it does pay for is a flood of requests: /metrics at 50 concurrent
 * scrapers took 274 instead of 91 µs of CPU each, and 500 targets at 5 s polled at 10.6 instead
 * of 8.1 ms a poll (bench/fleet-5s.sh). So it is switched on, for good, once BUSY
 * events — HTTP requests or poll timers firing — come within one second: far above one target
 * or a few Prometheus servers scraping every second, reached at once by a flood, by hundreds of
 * `/scrape?target=` targets or by a fleet polling dozens of targets a second. V8 reads the flag
 * at each tier-up decision, so already-running functions optimise from then on. A `--turbofan`/`--opt` choice (or `--jitless`, `--lite-mode`) given to node is left alone.
 */
export const BUSY = 20;

/**
 * Inlining limits set with TurboFan at the switch (V8's defaults: 460 and 920 bytes of bytecode).
 * The memory a compile job takes grows with what it inlines, and it is malloc'd on V8's worker
 * threads, whose glibc arenas keep it after the job: smaller limits left ~1 MB less RSS right
 * after 45 s of 10 concurrent scrapers (mean of 4 runs; about the noise of one run), with /metrics
 * at 50 scrapers still ~90% of bare node:http (no inlining at all fell to 73%). Set at run time,
 * so every start form gets them (docs/performance.md, "Session 7: RSS after a scrape flood");
 * limits given to node are kept.
 */
export const INLINING_LIMITS = ['--max-inlined-bytecode-size=100', '--max-inlined-bytecode-size-cumulative=300'];

let cold = false;
let ownInlining = false;
let windowStart = -Infinity;
let requests = 0;

/** Called first thing by the CLI (v8-heap.ts): without TurboFan unless node was told otherwise. */
export function startWithoutOptimizer(given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`): boolean {
  if (/--(no-)?(opt|turbofan|jitless|lite-mode)\b/.test(given)) return false;
  setFlagsFromString('--no-turbofan');
  ownInlining = /--max-inlined-bytecode-size/.test(given);
  cold = true;
  return true;
}

/** An HTTP request arrived or a poll timer fired; the BUSY-th within a second turns TurboFan on. */
export function noteWork(now = performance.now()): void {
  if (!cold) return;
  if (now - windowStart >= 1000) {
    windowStart = now;
    requests = 0;
  }
  if (++requests >= BUSY) {
    if (!ownInlining) for (const flag of INLINING_LIMITS) setFlagsFromString(flag);
    setFlagsFromString('--turbofan');
    cold = false;
  }
}

/** Whether TurboFan is still held off (tests, self-checks). */
export function optimizerHeldOff(): boolean {
  return cold;
}

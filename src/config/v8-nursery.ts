import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * A larger young generation for an exporter that polls many targets, and only for that one.
 *
 * v8-heap.ts pins the nursery at 1 MB semi-spaces: one target polled every 15 s allocates a few
 * hundred KB a poll, and a /metrics flood allocates objects that die at once, so a larger nursery
 * would only hold more memory. A fleet is different: with dozens of polls a second, each poll's
 * objects are still in use (awaiting a reply) when the next scavenge comes every ~45 ms, so about
 * half of every 1 MB nursery was copied, then promoted, then marked again by a full collection
 * every second or so (measured at 500 targets: 22 scavenges and one mark-compact a second,
 * docs/performance.md). Semi-spaces of 4 MB let most of those objects die before they are copied.
 *
 * V8 fixes the largest semi-space at start-up, so the cap cannot be set here; instead growth is
 * switched on (factor 2) when POLLS_BUSY poll timers fire within one second, and off again at the
 * first scavenge that shows the nursery at NURSERY_BYTES or more (V8 grows it only after a
 * nursery's worth of objects survived, several scavenges apart, so it stops at one step past at
 * most). V8 shrinks the nursery again on its own when allocation slows down; busy polling grows it
 * again. A growth factor or a semi-space cap above 2 MB given to node is left alone (v8-heap.ts).
 */
export const POLLS_BUSY = 20;
/** Both semi-spaces together: 4 MB each. */
export const NURSERY_BYTES = 8 * 1024 * 1024;

let allowed = false;
let growing = false;
let windowStart = -Infinity;
let polls = 0;
let observer: PerformanceObserver | undefined;

/** Called by v8-heap.ts when it pinned the nursery: only then is its size ours to manage. */
export function manageNursery(): void {
  allowed = true;
}

/** The young generation's size now (both semi-spaces), in bytes. */
export function nurseryBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** A poll timer fired: the POLLS_BUSY-th within a second lets the nursery grow to NURSERY_BYTES. */
export function notePoll(now = performance.now()): void {
  if (!allowed || growing) return;
  if (now - windowStart >= 1000) {
    windowStart = now;
    polls = 0;
    return void ++polls;
  }
  if (++polls < POLLS_BUSY || nurseryBytes() >= NURSERY_BYTES) return;
  grow();
}

function grow(): void {
  growing = true;
  setFlagsFromString('--semi-space-growth-factor=2');
  // Checked after every collection V8 reports (a scavenge is where the nursery grows).
  observer ??= new PerformanceObserver(() => {
    if (nurseryBytes() < NURSERY_BYTES) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    growing = false;
    observer?.disconnect();
    observer = undefined;
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Whether growth is switched on right now (tests). */
export function nurseryGrowing(): boolean {
  return growing;
}

#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=2
// V8's settings (config/v8-heap.ts) before anything else is even loaded: all static imports of an
// ES module are loaded before its first line runs, and loading ~200 modules through Node's loader
// is hot enough to bring in the optimizing compiler that v8-tiering.ts holds off (measured:
// `node dist/cli.js` idle 60.3 MB with the settings in a static import, docs/performance.md).
// MALLOC_ARENA_MAX=2 on the shebang (and in the systemd units): glibc gives each thread that
// mallocs an arena of its own, and V8's compile and GC threads keep ~8 MB in theirs after a flood
// of scrapes; it is read only when the process starts (docs/performance.md, "Session 8: start
// forms and the scrape").
import './config/v8-heap.js';

void import('./commands/main.js');

#!/usr/bin/env -S node --max-semi-space-size=2
// V8's settings (config/v8-heap.ts) before anything else is even loaded: all static imports of an
// ES module are loaded before its first line runs, and loading ~200 modules through Node's loader
// is hot enough to bring in the optimizing compiler that v8-tiering.ts holds off (measured:
// `node dist/cli.js` idle 60.3 MB with the settings in a static import, docs/performance.md).
import './config/v8-heap.js';

void import('./commands/main.js');

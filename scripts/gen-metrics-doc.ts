// Rewrites the tables of docs/metrics.md from the metric family declarations: `npm run docs:metrics`.
// --check: write nothing, exit 1 when the file differs from what would be written.
// A path argument names another file than docs/metrics.md (the script's own test uses copies).
import { readFileSync, writeFileSync } from 'node:fs';
import { ALL_FAMILIES } from '../src/catalog/families.js';
import { metricsDoc } from './lib/metrics-doc.js';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? new URL('../docs/metrics.md', import.meta.url);
const current = readFileSync(path, 'utf8');
let wanted: string;
try {
  wanted = metricsDoc(current, ALL_FAMILIES);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
if (args.includes('--check')) {
  if (current !== wanted) {
    console.error(`${String(path)} is out of date: run npm run docs:metrics`);
    process.exit(1);
  }
  console.log('docs/metrics.md is up to date');
} else {
  writeFileSync(path, wanted);
}

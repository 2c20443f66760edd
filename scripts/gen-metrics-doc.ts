// Rewrites the tables of docs/metrics.md from the metric family declarations: `npm run docs:metrics`.
// --check: write nothing, exit 1 when docs/metrics.md differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { ALL_FAMILIES } from '../src/catalog/families.js';
import { metricsDoc } from './lib/metrics-doc.js';

const path = new URL('../docs/metrics.md', import.meta.url);
const current = readFileSync(path, 'utf8');
const wanted = metricsDoc(current, ALL_FAMILIES);
if (process.argv.includes('--check')) {
  if (current !== wanted) {
    console.error('docs/metrics.md is out of date: run npm run docs:metrics');
    process.exit(1);
  }
} else {
  writeFileSync(path, wanted);
}

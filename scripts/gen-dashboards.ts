#!/usr/bin/env tsx
// Writes grafana/dashboards/*.json from their definitions under scripts/dashboards/.
// --check: write nothing, exit 1 when a committed dashboard differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { dashboardJson, DASHBOARDS } from './dashboards/index.js';
import { ROOT } from './lib/rules.js';

let stale = 0;
for (const d of DASHBOARDS) {
  const wanted = dashboardJson(d.build());
  const path = `${ROOT}${d.file}`;
  if (!process.argv.includes('--check')) {
    writeFileSync(path, wanted);
    console.log(`wrote ${d.file}`);
    continue;
  }
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // A missing file is drift like any other.
  }
  if (current !== wanted) {
    console.error(`${d.file} is out of date: run npm run gen:dashboards`);
    stale++;
  }
}
if (stale > 0) process.exit(1);
if (process.argv.includes('--check')) console.log('dashboards are up to date');

#!/usr/bin/env tsx
// Writes deploy/kubernetes/prometheusrule.yaml from alerts/redis-vitals.rules.yml.
// --check: write nothing, exit 1 when the committed manifest differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { PROMETHEUSRULE_FILE, prometheusRuleManifest } from './lib/prometheusrule.js';
import { ROOT, loadRules } from './lib/rules.js';

const target = `${ROOT}${PROMETHEUSRULE_FILE}`;
const wanted = prometheusRuleManifest(loadRules());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing manifest is drift like any other.
  }
  if (current !== wanted) {
    console.error(`${PROMETHEUSRULE_FILE} is out of date: run npm run gen:prometheusrule`);
    process.exit(1);
  }
  console.log(`${PROMETHEUSRULE_FILE} is up to date`);
} else {
  writeFileSync(target, wanted);
  console.log(`wrote ${PROMETHEUSRULE_FILE}`);
}

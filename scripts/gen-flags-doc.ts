// Writes docs/flags.md from the flag definitions (src/config/flags.ts): `npm run docs:flags`.
// --check: write nothing, exit 1 when docs/flags.md differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { flagsDoc } from './lib/flags-doc.js';

const path = new URL('../docs/flags.md', import.meta.url);
const wanted = flagsDoc();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // Missing is drift like any other.
  }
  if (current !== wanted) {
    console.error('docs/flags.md is out of date: run npm run docs:flags');
    process.exit(1);
  }
} else {
  writeFileSync(path, wanted);
}

// Writes docs/doctor.md from the doctor rules: `npm run docs:doctor`.
import { writeFileSync } from 'node:fs';
import { doctorDoc } from '../src/doctor/doc.js';

writeFileSync(new URL('../docs/doctor.md', import.meta.url), doctorDoc());

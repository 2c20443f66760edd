import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/** Setup file of `npm run test:unit`: starting any process is an error there (see vitest.unit.config.ts). */
const refuse = (name: string) => () => {
  throw new Error(`test:unit runs no external process (child_process.${name}); move this test out of the unit set`);
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = refuse(name);
}
syncBuiltinESMExports();

// `node --import ./test/helpers/record-imports.mjs …`: records every module the process loads
// to the file named by RV_RECORD_IMPORTS: ESM URLs as they resolve, and require()d files (which
// Node 20's resolve hooks do not see) from the CommonJS cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.RV_RECORD_IMPORTS;
if (file) {
  register('./record-imports-hooks.mjs', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((p) => `${p}\n`)
        .join(''),
    ),
  );
}

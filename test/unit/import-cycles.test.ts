import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findImportCycles } from '../../scripts/check-import-cycles.js';

describe('import cycles', () => {
  it('src/ has none between files or between folders', async () => {
    const report = await findImportCycles();
    expect(report.fileCycles).toEqual([]);
    expect(report.folderCycles).toEqual([]);
  });

  // The check itself must be able to fail: a small tree with one cycle of each kind.
  const root = mkdtempSync(join(tmpdir(), 'rv-cycles-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('reports a file cycle and a folder cycle', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    write('src/a/one.ts', "import { two } from './two.js';\nexport const one = () => two;\n");
    write('src/a/two.ts', "import { one } from './one.js';\nexport const two = () => one;\n");
    write('src/a/up.ts', "import type { Down } from '../b/down.js';\nexport type Up = Down;\n");
    write('src/b/down.ts', "import { three } from '../a/three.js';\nexport type Down = typeof three;\n");
    write('src/a/three.ts', 'export const three = 3;\n');
    const report = await findImportCycles(root);
    expect(report.fileCycles).toEqual([['src/a/one.ts', 'src/a/two.ts']]);
    expect(report.folderCycles).toEqual([{ folders: ['src/a', 'src/b'], edges: ['src/a/up.ts → src/b/down.ts', 'src/b/down.ts → src/a/three.ts'] }]);
  });
});

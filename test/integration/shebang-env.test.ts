import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The shebang src/cli.ts gives the bin, the image's bundle and `./dist/cli.js` (the builds copy its
 * first line), run as the kernel and env(1) run it: node starts with glibc's malloc arenas capped
 * (MALLOC_ARENA_MAX is read only at process start; docs/performance.md, "Session 8: start forms
 * and the scrape") and with the nursery flag.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rv-shebang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI shebang', () => {
  it('starts node with MALLOC_ARENA_MAX=2 and --max-semi-space-size=2', () => {
    const shebang = readFileSync(join(root, 'src/cli.ts'), 'utf8').split('\n')[0] ?? '';
    expect(shebang).toMatch(/^#!/);
    const script = join(dir, 'probe.cjs');
    writeFileSync(script, `${shebang}\nprocess.stdout.write(JSON.stringify({ arenas: process.env.MALLOC_ARENA_MAX ?? null, execArgv: process.execArgv }));\n`);
    chmodSync(script, 0o755);
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    const r = spawnSync(script, [], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ arenas: '2', execArgv: ['--max-semi-space-size=2'] });
  });
});

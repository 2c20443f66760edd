/**
 * Fails on any import cycle in src/: between files, and between folders (each top-level folder
 * of src/ is one node; each file at the src/ root is its own node). Type-only imports count:
 * a cycle of types still ties two folders together. Run by test/unit/import-cycles.test.ts;
 * `npm run check:cycles` prints the same report.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** 'src/poll/poller.ts' → 'src/poll'; 'src/log.ts' → 'src/log.ts'. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : file;
}

export interface CycleReport {
  readonly fileCycles: string[][];
  /** One entry per strongly connected set of folders, with the imports that tie it. */
  readonly folderCycles: { readonly folders: string[]; readonly edges: string[] }[];
}

export async function findImportCycles(root = ROOT): Promise<CycleReport> {
  const entries = sourceFiles(join(root, 'src')).map((f) => relative(root, f).split(sep).join('/'));
  const tree = await parseDependencyTree(entries, { context: root, cwd: root, transform: false, tsconfig: join(root, 'tsconfig.json') });
  const fileCycles = parseCircular(tree);

  const edges = new Map<string, Map<string, string>>();
  for (const [file, deps] of Object.entries(tree)) {
    if (!file.startsWith('src/')) continue;
    for (const dep of deps ?? []) {
      if (!dep.id?.startsWith('src/')) continue;
      const [from, to] = [folderOf(file), folderOf(dep.id)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)?.set(to, `${file} → ${dep.id}`);
    }
  }
  const folderCycles = stronglyConnected(edges)
    .filter((scc) => scc.length > 1)
    .map((scc) => ({
      folders: scc.sort(),
      edges: scc.flatMap((f) => [...(edges.get(f) ?? [])].filter(([to]) => scc.includes(to)).map(([, why]) => why)).sort(),
    }));
  return { fileCycles, folderCycles };
}

/** Tarjan's algorithm: the sets of nodes that reach each other. */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { fileCycles, folderCycles } = await findImportCycles();
  for (const c of fileCycles) console.log(`file cycle: ${c.join(' → ')}`);
  for (const c of folderCycles) console.log(`folder cycle: ${c.folders.join(', ')}\n  ${c.edges.join('\n  ')}`);
  if (fileCycles.length + folderCycles.length > 0) process.exit(1);
  console.log('no import cycles between files or folders of src/');
}

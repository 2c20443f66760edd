import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

/**
 * The Markdown a user reads (README, release files, docs/): every relative link reaches a file,
 * every #anchor a heading of that file (slugged as GitHub does), and a page that cites "the guide"
 * links the copy shipped in docs/guide/ — a guide cited but never named was issue 16's complaint.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = 'docs/guide/redis-persistence-memory-guide.txt';
const pages = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...readdirSync(join(root, 'docs')).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : []))];

/** The text outside fenced code blocks: a link or heading inside one is an example. */
const prose = (file: string) => readFileSync(join(root, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');

const anchorsCache = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let set = anchorsCache.get(file);
  if (!set) {
    const slugger = new GithubSlugger();
    const text = prose(file);
    set = new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) => slugger.slug((m[1] as string).replace(/`/g, ''))));
    for (const m of text.matchAll(/<a (?:name|id)="([^"]+)"/g)) set.add(m[1] as string);
    anchorsCache.set(file, set);
  }
  return set;
}

/** Every link of a page that stays in the repository, as [page, href, file it resolves to, anchor]. */
function localLinks(page: string): { href: string; file: string; anchor: string | undefined }[] {
  return [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].flatMap((m) => {
    const href = m[1] as string;
    if (/^[a-z]+:/.test(href)) return [];
    const [path = '', anchor] = href.split('#');
    return [{ href, file: path === '' ? page : normalize(join(dirname(page), path)), anchor }];
  });
}

describe('links in the user-facing Markdown', () => {
  it('finds the pages and their links (the test reads something)', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/metrics.md', 'docs/doctor.md', 'docs/packaging.md']));
    expect(pages.reduce((n, p) => n + localLinks(p).length, 0)).toBeGreaterThan(50);
  });

  it.each(pages)('%s: every local link reaches a file, and every #anchor a heading in it', (page) => {
    const broken = localLinks(page).flatMap(({ href, file, anchor }) => {
      if (!existsSync(join(root, file))) return [`${href}: no such file`];
      if (anchor && file.endsWith('.md') && !anchors(file).has(anchor)) return [`${href}: no heading with that anchor in ${file}`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it.each(pages)('%s: if it cites the guide, it links the copy in docs/guide/', (page) => {
    const text = prose(page);
    if (!/troubleshooting guide|\bthe guide\b|\bguide's\b/i.test(text)) return;
    expect(localLinks(page).map((l) => l.file)).toContain(GUIDE);
  });

  it('slugs headings as GitHub does, so the anchor check means what it says', () => {
    // docs/performance.md's "Cost per target (`npm run bench -- --only cost`)".
    expect(new GithubSlugger().slug('Cost per target (npm run bench -- --only cost)')).toBe('cost-per-target-npm-run-bench------only-cost');
    expect(anchors('docs/deploy.md').has('migrating-from-redis_exporter')).toBe(true);
  });
});

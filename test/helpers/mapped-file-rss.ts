import { readFileSync, realpathSync } from 'node:fs';

/**
 * Bytes of `file` resident in process `pid`'s memory: the Rss of every mapping of that file in
 * /proc/<pid>/smaps (an executable's text, read-only data and headers, each mapped separately).
 */
export function mappedFileRss(pid: number, file: string): number {
  const path = realpathSync(file);
  let kb = 0;
  let ours = false;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) ours = head[1] === path;
    const rss = ours ? /^Rss:\s+(\d+) kB/.exec(line) : null;
    if (rss) kb += Number(rss[1]);
  }
  return kb * 1024;
}

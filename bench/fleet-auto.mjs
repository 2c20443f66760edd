#!/usr/bin/env node
// The cost bench's auto fleet row, short and paired: 500 targets (a `targets:` file) on 5
// redis-servers, --poll.interval=auto (the default), each exporter scraped every 15 s from the
// moment it is ready, as bench/lib/cost.ts's measureFleet does. Every variant runs at the same
// time against the same servers, so they share the machine's load. The window runs from one
// scrape to a later one, so the polls counted (redis_vitals_polls_total summed over the two
// bodies) are exactly those completed in between; CPU is every thread's (schedstat) over the same
// span; RSS is sampled every second. Measures only.
//
// usage: npm run build && node bench/fleet-auto.mjs [WARM_SCRAPES=3] [WINDOW_SCRAPES=4] <build>[,node-flag...][,+exporter-flag...] ...
//   node bench/fleet-auto.mjs dist /tmp/base/dist
//   node bench/fleet-auto.mjs dist dist/cli-modules.js     (<build> may be an entry file: the one-file CLI against tsc's modules)
//   node bench/fleet-auto.mjs dist dist,--turbofan dist,+--poll.concurrency=4
// env: CHILD_STDOUT=1 (the exporter's stdout, e.g. --trace-gc, to ours), TARGETS (500), SERVERS (5), SCRAPE_S (15), ARGS (extra exporter flags for every variant),
//   HEAP_DIR (write a heap snapshot of each variant there at the end of its window), SMAPS=1 (RSS by mapping), SPACES=1 (V8 heap by space)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const nums = [];
while (args.length > 0 && /^\d+$/.test(args[0])) nums.push(Number(args.shift()));
const [warmScrapes = 3, windowScrapes = 4] = nums;
if (args.length === 0) throw new Error('usage: node bench/fleet-auto.mjs [WARM] [WINDOW] <build>[,node-flag...] ...');
const TARGETS = Number(process.env.TARGETS ?? 500);
const SERVERS = Number(process.env.SERVERS ?? 5);
const SCRAPE_MS = Number(process.env.SCRAPE_S ?? 15) * 1000;
const EXTRA = (process.env.ARGS ?? '').split(/\s+/).filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function cpu(pid) {
  let main = 0;
  let all = 0;
  const byName = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const name = tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      byName[name] = (byName[name] ?? 0) + ns / 1e6;
      all += ns;
      if (tid === String(pid)) main += ns;
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return { main: main / 1e6, all: all / 1e6, byName };
}
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const pollsIn = (body) => {
  let n = 0;
  for (const m of body.matchAll(/^redis_vitals_polls_total\{[^}]*\} (\S+)$/gm)) n += Number(m[1]);
  return n;
};

const dir = mkdtempSync(join(tmpdir(), 'fleet-auto-'));
const servers = [];
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const s of servers) spawnSync('redis-cli', ['-p', String(s), 'shutdown', 'nosave']);
  rmSync(dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

for (let i = 0; i < SERVERS; i++) {
  const port = await freePort();
  const d = join(dir, `r${i}`);
  spawnSync('mkdir', ['-p', d]);
  const r = spawnSync('redis-server', ['--port', String(port), '--dir', d, '--save', '', '--hz', '1', '--daemonize', 'yes', '--pidfile', join(d, 'pid')]);
  if (r.status !== 0) throw new Error(`redis-server: ${r.stderr}`);
  servers.push(port);
}
await sleep(500);
const file = join(dir, 'targets.yml');
writeFileSync(file, `targets:\n${Array.from({ length: TARGETS }, (_, i) => `  - name: t${i}\n    addr: redis://127.0.0.1:${servers[i % SERVERS]}\n`).join('')}`);

async function variant(spec) {
  const [build, ...flags] = spec.split(',');
  const nodeFlags = flags.filter((f) => !f.startsWith('+'));
  const own = flags.filter((f) => f.startsWith('+')).map((f) => f.slice(1));
  const port = await freePort();
  const heap = process.env.HEAP_DIR ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${process.env.HEAP_DIR}`] : [];
  const entry = /\.[cm]?js$/.test(build) ? build : join(build, 'cli.js'); // a build dir, or an entry file (dist/cli-modules.js)
  const child = spawn(process.execPath, [...heap, ...nodeFlags, entry, '--config.file', file, '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn', ...EXTRA, ...own], {
    stdio: ['ignore', process.env.CHILD_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${spec} exited`);
    const st = await fetch(`${base}/-/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (st === 200) break;
    await sleep(1000);
  }
  const readyS = (Date.now() - t0) / 1000;
  const rss = [];
  let sampling = false;
  const sampler = setInterval(() => sampling && rss.push(rssKb(child.pid)), 1000);
  let a;
  let b;
  const scrapeMs = [];
  for (let k = 0; k <= warmScrapes + windowScrapes; k++) {
    const next = Date.now() + SCRAPE_MS;
    const s0 = performance.now();
    const body = await (await fetch(`${base}/metrics`)).text();
    scrapeMs.push(performance.now() - s0);
    const at = { polls: pollsIn(body), ...cpu(child.pid), bytes: body.length };
    if (k === warmScrapes) {
      a = at;
      sampling = true;
    }
    if (k === warmScrapes + windowScrapes) {
      b = at;
      const v = (re) => Number(re.exec(body)?.[1] ?? NaN) / 1048576;
      b.heap = `heap used ${v(/^nodejs_heap_size_used_bytes (\S+)$/m).toFixed(1)} of ${v(/^nodejs_heap_size_total_bytes (\S+)$/m).toFixed(1)} MB, external ${v(/^nodejs_external_memory_bytes (\S+)$/m).toFixed(1)} MB`;
      // by V8 space, used/committed (SPACES=1): which space holds the difference between two builds
      if (process.env.SPACES) {
        const spaces = [...body.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm)].map(([, sp, total]) => {
          const used = Number(new RegExp(`^nodejs_heap_space_size_used_bytes\\{space="${sp}"\\} (\\S+)$`, 'm').exec(body)?.[1] ?? NaN);
          return `${sp} ${(used / 1048576).toFixed(1)}/${(Number(total) / 1048576).toFixed(1)}`;
        });
        b.heap += `; by space used/committed MB: ${spaces.join(', ')}`;
      }
    } else await sleep(Math.max(0, next - Date.now()));
  }
  clearInterval(sampler);
  if (heap.length > 0) await heapSnapshot(child.pid);
  const smaps = process.env.SMAPS ? smapsSummary(child.pid) : '';
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM'); // and wait: --cpu-prof writes its profile on the way out
  await exited;
  const secs = (windowScrapes * SCRAPE_MS) / 1000;
  const polls = b.polls - a.polls;
  return {
    spec,
    readyS,
    polls,
    intended: TARGETS * windowScrapes,
    cpuSPerMin: ((b.all - a.all) / 1000 / secs) * 60,
    mainSPerMin: ((b.main - a.main) / 1000 / secs) * 60,
    msPerPoll: (b.all - a.all) / polls,
    rssMeanMb: rss.reduce((x, y) => x + y, 0) / rss.length / 1024,
    rssMaxMb: Math.max(...rss) / 1024,
    bodyMb: b.bytes / 1048576,
    scrapeMsMedian: scrapeMs.sort((x, y) => x - y)[scrapeMs.length >> 1],
    heap: b.heap,
    smaps,
    threads: Object.keys(b.byName)
      .map((n) => [n, (((b.byName[n] ?? 0) - (a.byName[n] ?? 0)) / 1000 / secs) * 60])
      .sort((x, y) => y[1] - x[1])
      .map(([n, v]) => `${n} ${v.toFixed(2)}`)
      .join(', '),
  };
}

/** RSS by kind of mapping (SMAPS=1): where the memory that is not V8's heap is. */
function smapsSummary(pid) {
  const by = new Map();
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) kind = head[2] === '' ? 'anon' : head[2].startsWith('/') ? (head[2].includes('node') ? 'node binary' : 'files') : head[2];
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) by.set(kind, (by.get(kind) ?? 0) + Number(rss[1]));
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}`)
    .join(', ');
}

/** SIGUSR2 (--heapsnapshot-signal), then waits for the snapshot file of this pid to stop growing. */
async function heapSnapshot(pid) {
  process.kill(pid, 'SIGUSR2');
  let last = -1;
  for (;;) {
    await sleep(2000);
    const f = readdirSync(process.env.HEAP_DIR).find((n) => n.includes(`.${pid}.`) && n.endsWith('.heapsnapshot'));
    const size = f ? Number(spawnSync('stat', ['-c%s', join(process.env.HEAP_DIR, f)], { encoding: 'utf8' }).stdout) : -1;
    if (size > 0 && size === last) return;
    last = size;
  }
}

const load0 = loadavg()[0];
const results = await Promise.all(args.map((spec, i) => sleep(i * 1000).then(() => variant(spec))));
const load1 = loadavg()[0];
console.log(
  `fleet-auto: ${TARGETS} targets on ${SERVERS} redis-servers, auto, scraped every ${SCRAPE_MS / 1000} s; window ${windowScrapes} scrapes after ${warmScrapes}; load ${load0.toFixed(1)} -> ${load1.toFixed(1)}`,
);
for (const r of results) {
  console.log(
    `${r.spec}: ${r.cpuSPerMin.toFixed(2)} CPU s/min (main ${r.mainSPerMin.toFixed(2)}), polls ${r.polls}/${r.intended}, ${r.msPerPoll.toFixed(2)} ms/poll, RSS mean ${r.rssMeanMb.toFixed(1)} MB max ${r.rssMaxMb.toFixed(1)}, body ${r.bodyMb.toFixed(1)} MB, scrape ${r.scrapeMsMedian.toFixed(0)} ms, ready ${r.readyS.toFixed(0)} s; at the last scrape ${r.heap}`,
  );
  console.log(`  CPU s/min by thread: ${r.threads}`);
  if (r.smaps) console.log(`  RSS MB by mapping: ${r.smaps}`);
}
process.exit(0);

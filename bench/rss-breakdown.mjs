/**
 * Where each start form's RSS is: RssAnon/RssFile and /proc/<pid>/smaps grouped by mapping, plus
 * V8's heap spaces from the exporter's own self-metrics, idle and right after (and 10 s after)
 * `wrk -c10`. All forms run at once against one Redis with 1,000 keys, scraped every 15 s.
 *
 *   node bench/rss-breakdown.mjs WARMUP_S LOAD_S 'name=cwd|[ENV:K~V|...]cmd|arg|...' ...
 *   node bench/rss-breakdown.mjs 30 30 "dist=.|node|dist/cli.js" "arena2=.|ENV:MALLOC_ARENA_MAX~2|node|dist/cli.js"
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kb) => (kb / 1024).toFixed(1);

function breakdown(pid) {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const g = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(st)?.[1] ?? 0);
  const groups = new Map();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const m = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) name = `${(m[2] || '[anon]').replace(/.*\//, '')} ${m[1]}`;
    const r = /^Rss:\s+(\d+)/.exec(line);
    if (r) groups.set(name, (groups.get(name) ?? 0) + Number(r[1]));
  }
  const top = [...groups].filter(([, kb]) => kb >= 300).sort((a, b) => b[1] - a[1]);
  return `rss ${mib(g('VmRSS'))} anon ${mib(g('RssAnon'))} file ${mib(g('RssFile'))} | ${top.map(([k, kb]) => `${k}=${mib(kb)}`).join(' ')}`;
}

async function heap(url) {
  // Right after wrk a kept-alive connection may already be closed by the server: one retry.
  const text = await fetch(url)
    .then((r) => r.text())
    .catch(() => fetch(url).then((r) => r.text()));
  const out = [];
  for (const m of text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\S+)/gm)) if (Number(m[2]) > 0) out.push(`${m[1]}=${(Number(m[2]) / 1048576).toFixed(1)}`);
  const total = /^nodejs_heap_size_total_bytes (\S+)/m.exec(text);
  const ext = /^nodejs_external_memory_bytes (\S+)/m.exec(text);
  return `heap used ${out.join(' ')} | total ${(Number(total?.[1]) / 1048576).toFixed(1)} external ${(Number(ext?.[1]) / 1048576).toFixed(1)}`;
}

const [warm, load, ...specs] = process.argv.slice(2);
let port = 23000 + Math.floor(Math.random() * 2000);
const redisPort = port++;
const redis = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await sleep(500);
execFileSync('redis-cli', ['-p', String(redisPort), 'DEBUG', 'POPULATE', '1000']);
const procs = specs.map((spec) => {
  const [name, rest] = spec.split(/=(.*)/s);
  const [cwd, ...parts] = rest.split('|');
  const env = { ...process.env };
  while (parts[0]?.startsWith('ENV:')) {
    const [k, v] = parts.shift().slice(4).split('~');
    env[k] = v;
  }
  const p = port++;
  const child = spawn(parts[0], [...parts.slice(1), '--redis.addr', `redis://127.0.0.1:${redisPort}`, '--web.listen-address', `127.0.0.1:${p}`, '--log-level', 'warn'], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name, child, url: `http://127.0.0.1:${p}/metrics` };
});
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
try {
  for (const pr of procs) {
    for (;;) {
      const body = await fetch(pr.url).then(
        (r) => r.text(),
        () => '',
      );
      if (/^redis_up 1$/m.test(body)) break;
      await sleep(200);
    }
  }
  const end = Date.now() + Number(warm) * 1000;
  while (Date.now() < end) {
    for (const pr of procs) await fetch(pr.url).then((r) => r.text());
    await sleep(Math.min(15_000, Math.max(0, end - Date.now())));
  }
  console.log(`load ${loadavg()}`);
  for (const pr of procs) console.log(`idle ${pr.name}: ${breakdown(pr.child.pid)}\n  ${await heap(pr.url)}`);
  if (Number(load) > 0)
    for (const pr of procs) {
      execFileSync('wrk', ['-t1', '-c10', `-d${load}s`, pr.url], { stdio: 'ignore' });
      console.log(`after ${pr.name}: ${breakdown(pr.child.pid)}\n  ${await heap(pr.url)}`);
      await sleep(10_000);
      console.log(`after+10s ${pr.name}: ${breakdown(pr.child.pid)}`);
    }
  console.log(`load ${loadavg()}`);
} finally {
  for (const pr of procs) pr.child.kill('SIGTERM');
  redis.kill('SIGTERM');
}

// CPU of one /metrics scrape of a daemon that has been idle since the last one, and the idle floor
// between scrapes, for several builds side by side (paired: same machine, same moments).
// usage: [KEEPALIVE=1] node bench/scrape-cold.mjs GAP_MS ROUNDS DIST [DIST ...] [-- extra daemon flags]
// Each DIST's cli.js is started with --poll.interval=1h (polling off after its first poll) against
// redis on 127.0.0.1:16379 (REDIS_ADDR to change), then every GAP_MS each daemon in turn gets one
// GET /metrics on a new connection. Scrape CPU = all threads' schedstat from just before the
// request to 500 ms after it; idle = the rest of each round, per minute. Measures only.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const [gapArg, roundsArg, ...dists] = sep < 0 ? args : args.slice(0, sep);
const extra = sep < 0 ? [] : args.slice(sep + 1);
const gap = Number(gapArg);
const rounds = Number(roundsArg);
const redis = process.env.REDIS_ADDR ?? 'redis://127.0.0.1:16379';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuNs = (pid) =>
  readdirSync(`/proc/${pid}/task`).reduce((s, t) => {
    try {
      return s + Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      return s; // a thread that ended between the listing and the read
    }
  }, 0);
// KEEPALIVE=1: one connection per daemon kept open between scrapes, as Prometheus keeps it
// (the server's keep-alive is 72 s); otherwise a new connection per scrape, as fetch() makes
// after its 4 s idle timeout.
const agent = process.env.KEEPALIVE ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
const fetchOnce = (port) =>
  new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });

const daemons = dists.map((dist, i) => {
  const port = 19400 + Math.floor(Math.random() * 500) * 2 + i;
  const child = spawn(process.execPath, [`${dist}/cli.js`, `--redis.addr=${redis}`, `--web.listen-address=127.0.0.1:${port}`, '--poll.interval=1h', ...extra], { stdio: 'ignore' });
  return { dist, port, child, scrape: [], idle: [] };
});
try {
  for (const d of daemons) {
    for (let i = 0; ; i++) {
      try {
        await fetchOnce(d.port);
        break;
      } catch {
        if (i > 100) throw new Error(`${d.dist} did not start`);
        await sleep(200);
      }
    }
  }
  await sleep(20_000); // start-up compiles and collections out of the way
  const last = new Map(daemons.map((d) => [d, { ns: cpuNs(d.child.pid), at: performance.now() }]));
  for (let r = 0; r < rounds; r++) {
    await sleep(gap);
    for (const d of daemons) {
      const before = cpuNs(d.child.pid);
      const at = performance.now();
      const prev = last.get(d);
      d.idle.push(((before - prev.ns) / 1e9) * (60_000 / (at - prev.at)));
      await fetchOnce(d.port);
      await sleep(500);
      const after = cpuNs(d.child.pid);
      d.scrape.push((after - before) / 1e6);
      last.set(d, { ns: after, at: performance.now() });
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  for (const d of daemons) {
    const s = [...d.scrape].sort((x, y) => x - y);
    console.log(
      `${d.dist}: scrape after ${gap} ms idle: median ${med(s).toFixed(2)} ms CPU (min ${s[0].toFixed(2)}, max ${s.at(-1).toFixed(2)}, ${s.length}); idle between scrapes median ${med(d.idle.slice(1)).toFixed(4)} CPU s/min; load ${load}`,
    );
  }
} finally {
  for (const d of daemons) d.child.kill();
}

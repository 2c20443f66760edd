// CPU of one read of the host's kernel files, readFileSync against a kept descriptor read with
// preads from offset 0 (src/host/kept-kernel-file.ts), warm, N reads each; smaps_rollup also
// through the pool (FileHandle.read against fs.read on the raw fd). Measures only.
// usage: node bench/kernel-read.mjs <redis pid> [N]
import fs from 'node:fs';
import fsp from 'node:fs/promises';
const [pid, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 3000);
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const buf = Buffer.allocUnsafe(64 * 1024);
const readAll = (fd) => {
  let total = 0;
  for (let n; (n = fs.readSync(fd, buf, total, buf.length - total, total)) > 0;) total += n;
  return buf.toString('utf8', 0, total);
};
async function bench(name, f) {
  for (let i = 0; i < 200; i++) await f();
  const a = cpu();
  for (let i = 0; i < N; i++) await f();
  console.log(`${name.padEnd(48)} ${((cpu() - a) / N).toFixed(1)} µs`);
}
for (const f of ['/proc/meminfo', `/proc/${pid}/status`, `/proc/${pid}/mountinfo`, '/proc/diskstats']) {
  await bench(`readFileSync ${f}`, () => fs.readFileSync(f, 'utf8'));
  const fd = fs.openSync(f, 'r');
  await bench(`kept pread ${f}`, () => readAll(fd));
}
const smaps = `/proc/${pid}/smaps_rollup`;
const fh = await fsp.open(smaps);
await bench('smaps_rollup FileHandle.read (pool)', () => fh.read(buf, 0, 8192, 0));
const fd = fs.openSync(smaps, 'r');
await bench('smaps_rollup fs.read raw fd (pool)', () => new Promise((ok, no) => fs.read(fd, buf, 0, 8192, 0, (e, n) => (e ? no(e) : ok(n)))));
await bench('smaps_rollup readSync (kernel work alone)', () => fs.readSync(fd, buf, 0, 8192, 0));

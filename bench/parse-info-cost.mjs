// CPU of one parseInfo of a real INFO ALL reply, TurboFan off as in a cold exporter
// (config/v8-tiering.ts), two builds alternating in one process (the same load for both).
// usage: node --no-turbofan bench/parse-info-cost.mjs INFO_FILE DIST_A DIST_B [rounds]
// INFO_FILE: e.g. `redis-cli -p <port> info all > info.txt` (redis-cli keeps the \r\n). Measures only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const [file, a, b, roundsArg] = process.argv.slice(2);
const load = async (dist) => (await import(new URL(`file://${resolve(dist)}/parse/info.js`))).parseInfo;
const [A, B] = [await load(a), await load(b)];
const text = readFileSync(file, 'utf8');
const cpuPer = (f, n) => {
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) f(text);
  const d = process.cpuUsage(c);
  return (d.user + d.system) / n;
};
for (let i = 0; i < 100; i++) {
  A(text);
  B(text);
}
const rounds = Number(roundsArg ?? 15);
const ra = [];
const rb = [];
for (let r = 0; r < rounds; r++) {
  ra.push(cpuPer(A, 300));
  rb.push(cpuPer(B, 300));
}
const stat = (xs) => {
  xs.sort((x, y) => x - y);
  return `min ${xs[0].toFixed(1)} median ${xs[xs.length >> 1].toFixed(1)} µs`;
};
console.log(`${a}: ${stat(ra)}\n${b}: ${stat(rb)}  (${text.length} bytes of INFO, ${rounds} rounds of 300)`);

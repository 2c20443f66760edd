/**
 * Child process of bench/bigkeys.ts: a client that GETs one key in a loop on its own connection
 * and times every reply, until SIGTERM; then prints {count, p50, p99, p999, max} in ms as JSON.
 * A separate process, so the big-key job's own work in the parent cannot skew the timings.
 */
import { createClient } from 'redis';

const port = Number(process.argv[2]);
const c = createClient({ socket: { host: '127.0.0.1', port }, disableClientInfo: true, maintNotifications: 'disabled' });
await c.connect();
const samples: number[] = [];
let stop = false;
process.on('SIGTERM', () => (stop = true));
process.stdout.write('ready\n');
while (!stop) {
  const t = process.hrtime.bigint();
  await c.get('key:1');
  samples.push(Number(process.hrtime.bigint() - t) / 1e6);
}
c.destroy();
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
process.stdout.write(`${JSON.stringify({ count: samples.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: samples[samples.length - 1] })}\n`);

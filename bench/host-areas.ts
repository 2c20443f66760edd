/**
 * Cost of one host poll, per area, against this machine's real /proc, /sys and a live Redis.
 * Usage: npx tsx bench/host-areas.ts [redis-port] [iterations]
 * Prints mean and p99 milliseconds per area. Not a test: numbers vary with the machine.
 */
import type { FetchContext } from '../src/collectors/types.js';
import { parseRedisAddress } from '../src/config/address.js';
import { HOST_COLLECTORS } from '../src/collectors/index.js';
import { HostReader } from '../src/collectors/host-reader.js';
import { parseInfo } from '../src/parse/info.js';
import { RedisSource } from '../src/redis/connection.js';
import { pino } from 'pino';

const port = Number(process.argv[2] ?? 6379);
const iterations = Number(process.argv[3] ?? 200);

const source = new RedisSource({
  address: parseRedisAddress(`redis://127.0.0.1:${port}`),
  user: '',
  password: '',
  tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false },
  connectTimeoutMs: 1000,
  callTimeoutMs: 1000,
  configCommand: 'CONFIG',
});
const info = parseInfo(await source.info());
const config = await source.configGet();
const host = new HostReader({ roots: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, dataDir: null });
// Each host collector's fetch timed alone (runPoll would time fetch and collect together).
const fetchers = host.collectors(HOST_COLLECTORS).map((c) => ({ name: c.name, fetch: c.fetch ?? (async () => ({})) }));
const times = new Map<string, number[]>(fetchers.map((f) => [f.name, []]));
const errors = new Map<string, string>();
// 10 warm-up polls (JIT, file caches) are not counted.
for (let i = -10; i < iterations; i++) {
  const ctx: FetchContext = { source, info, infoAtMs: 0, config, redisUp: true, now: Date.now() / 1000, target: 'bench', logger: pino({ level: 'silent' }) };
  for (const f of fetchers) {
    const t0 = process.hrtime.bigint();
    await Promise.resolve()
      .then(() => f.fetch(ctx))
      .catch((err: unknown) => errors.set(f.name, (err as Error).message));
    if (i >= 0) times.get(f.name)?.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
await source.close();
for (const [name, message] of errors) console.error(`${name} failed: ${message}`);
const rss = info.fields.get('used_memory_rss_human');
console.log(`Redis RSS ${rss}, ${iterations} polls`);
let total = 0;
for (const [name, t] of times) {
  t.sort((a, b) => a - b);
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  total += mean;
  console.log(`${name.padEnd(20)} mean ${mean.toFixed(3)} ms  p50 ${(t[Math.floor(t.length / 2)] ?? 0).toFixed(3)} ms  p99 ${(t[Math.floor(t.length * 0.99)] ?? 0).toFixed(3)} ms`);
}
console.log(`${'all areas'.padEnd(20)} mean ${total.toFixed(3)} ms`);

/**
 * Benchmark (not a test): what one full big-key pass costs a Redis with 1,000,000 keys, and the
 * worst GET latency a concurrent client sees with and without the job. Run:
 *   npx tsx bench/bigkeys.ts [keys=1000000] [dense|scheduled]
 * Both modes use the default budget (1000 keys / 50 ms per cycle, SCAN COUNT 100, SAMPLES 5).
 * dense (default): cycles back to back, no --bigkeys.cycle-interval pause — the same Redis work
 * as the scheduled job, packed as tightly as it can be, the worst case for concurrent clients.
 * scheduled: the job as `serve` runs it, one cycle per second (a pass then takes ~keys/1000 s).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BigKeysJob } from '../src/bigkeys/job.js';
import { parseArgv } from '../src/config/argv.js';
import { loadConfig, type TargetConfig } from '../src/config/config.js';
import { createLogger } from '../src/log.js';
import { parseInfo } from '../src/parse/info.js';
import { RedisSource } from '../src/redis/connection.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../test/helpers/redis-server.js';

interface Latency {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

const KEYS = Number(process.argv[2] ?? 1_000_000);
const SCHEDULED = process.argv[3] === 'scheduled';
const JOB_COMMANDS = ['scan', 'type', 'memory|usage', 'select', 'info'];

async function cpu(redis: RedisHandle): Promise<{ cpu: number; usec: Map<string, number> }> {
  const info = parseInfo(await redis.info('all'));
  const f = (k: string) => Number(info.fields.get(k));
  const usec = new Map([...info.commandstats].map(([k, v]) => [k, v.usec]));
  return { cpu: f('used_cpu_sys') + f('used_cpu_user'), usec };
}

/** Runs `work` while a GET loop in a child process times every reply. */
async function withGetLoop<T>(port: number, work: () => Promise<T>): Promise<{ result: T; latency: Latency }> {
  const script = fileURLToPath(new URL('./get-loop.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve) => {
    const check = () => (out.includes('ready') ? resolve() : setTimeout(check, 20));
    check();
  });
  const result = await work();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return {
    result,
    latency: JSON.parse(
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1) ?? '{}',
    ) as Latency,
  };
}

function newJob(redis: RedisHandle): BigKeysJob {
  const config = loadConfig(parseArgv(['--redis.addr', redis.url, '--bigkeys.enabled']).values, {});
  const target = config.targets[0] as TargetConfig;
  const source = new RedisSource({ address: target.address, user: '', password: '', tls: target.tls, connectTimeoutMs: 2000, callTimeoutMs: 5000, configCommand: null });
  return new BigKeysJob({ source, settings: config.bigkeys, logger: createLogger({ format: 'json', level: 'error', secrets: [] }), target: redis.url });
}

/** One full pass, cycles back to back; returns its shape and the job's results. */
async function fullPass(redis: RedisHandle) {
  const job = newJob(redis);
  const t0 = performance.now();
  if (SCHEDULED) {
    job.start();
    while (job.results().lastPass === undefined) await new Promise((r) => setTimeout(r, 100));
    const res = job.results();
    await job.stop();
    return { seconds: (performance.now() - t0) / 1000, cycles: NaN, batches: NaN, keysExamined: res.scannedKeysTotal, maxKeysPerCycle: NaN, maxCycleMs: NaN, top1: res.lastPass?.top[0] };
  }
  let cycles = 0;
  let maxKeys = 0;
  let maxCycleMs = 0;
  let batches = 0;
  for (;;) {
    const r = await job.runCycle();
    cycles++;
    batches += r.batches;
    maxKeys = Math.max(maxKeys, r.keys);
    maxCycleMs = Math.max(maxCycleMs, r.seconds * 1000);
    if (r.passComplete) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const res = job.results();
  await job.stop();
  return { seconds, cycles, batches, keysExamined: res.scannedKeysTotal, maxKeysPerCycle: maxKeys, maxCycleMs, top1: res.lastPass?.top[0] };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  try {
    await redis.cmd('DEBUG', 'POPULATE', String(KEYS));
    await redis.cmd('SET', 'big:string', 'x'.repeat(1024 * 1024));

    // Redis's own view of stalls: any command of 1 ms or more is recorded by the latency monitor.
    await redis.cmd('CONFIG', 'SET', 'latency-monitor-threshold', '1');
    const worstCommandMs = async () => {
      const rows = (await redis.cmd('LATENCY', 'LATEST')) as unknown[][];
      await redis.cmd('LATENCY', 'RESET');
      return Math.max(0, ...rows.filter((r) => r[0] === 'command' || r[0] === 'fast-command').map((r) => Number(r[3])));
    };
    await worstCommandMs();

    // 1. The pass alone: what it costs Redis (CPU from used_cpu_*, command time from commandstats).
    await redis.cmd('CONFIG', 'RESETSTAT');
    const c0 = await cpu(redis);
    const alone = await fullPass(redis);
    const c1 = await cpu(redis);
    const jobUsec = JOB_COMMANDS.reduce((n, c) => n + (c1.usec.get(c) ?? 0) - (c0.usec.get(c) ?? 0), 0);
    const stallAlone = await worstCommandMs();

    // 2. A GET loop alone for as long as the pass took: the baseline latency.
    const baseline = await withGetLoop(redis.port, () => new Promise((r) => setTimeout(r, alone.seconds * 1000)));
    const stallBaseline = await worstCommandMs();
    // 3. The same GET loop while a second full pass runs.
    const withJob = await withGetLoop(redis.port, () => fullPass(redis));
    const stallWithJob = await worstCommandMs();

    const report = {
      redis: parseInfo(await redis.info('server')).fields.get('redis_version'),
      mode: SCHEDULED ? 'scheduled' : 'dense',
      keys: KEYS + 1,
      loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
      passAlone: alone,
      passRedisCpuSeconds: c1.cpu - c0.cpu,
      passCommandsRedisSeconds: jobUsec / 1e6,
      redisSecondsPerBatch: SCHEDULED ? undefined : jobUsec / 1e6 / alone.batches,
      redisCommandSeconds: Object.fromEntries(JOB_COMMANDS.map((c) => [c, ((c1.usec.get(c) ?? 0) - (c0.usec.get(c) ?? 0)) / 1e6])),
      worstRedisCommandMs: { passAlone: stallAlone, baseline: stallBaseline, withJob: stallWithJob },
      passWithGetLoop: withJob.result,
      getLatencyMs: { baseline: baseline.latency, withJob: withJob.latency },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await stopAllRedis();
  }
}

await main();

/**
 * Benchmark (not a test): exporter RSS while N clients request a large single-target /metrics
 * body and do not read it (issue 12 item 13). A small RESP peer answers INFO with 2,000 commands
 * with long names, so even under the caps (docs/limits.md) the body is several MB. Run:
 *   npx tsx bench/slow-readers.ts [readers=200] [checkout=.]
 * `checkout` holds another version's sources (git archive <sha> | tar -x, node_modules linked).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { startOldRedis, INFO_3_0 } from '../test/helpers/old-redis.js';
import { freePort } from '../test/helpers/ports.js';
import { waitFor } from '../test/helpers/wait.js';
import { runBench } from './lib/entry.js';

const READERS = Number(process.argv[2] ?? 200);
const CHECKOUT = resolve(process.argv[3] ?? '.');
const name = (i: number) => `c${i}_${'n'.repeat(900)}`;
const INFO = [INFO_3_0, '# Commandstats', ...Array.from({ length: 2000 }, (_, i) => `cmdstat_${name(i)}:calls=${i},usec=${i},usec_per_call=1.00,rejected_calls=0,failed_calls=0`), ''].join('\r\n');

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

runBench('slow-readers', async () => {
  const redis = await startOldRedis(INFO);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      '--redis.addr',
      `redis://127.0.0.1:${redis.port}`,
      '--web.listen-address',
      `127.0.0.1:${port}`,
      '--poll.interval',
      '5s',
      '--config-command',
      '-',
      '--log-level',
      'error',
    ],
    { cwd: CHECKOUT, stdio: 'ignore' },
  );
  const sockets: Socket[] = [];
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    const body = await waitFor(
      () =>
        fetch(url)
          .then((r) => r.text())
          .catch(() => ''),
      (b) => /^redis_up 1$/m.test(b),
      { timeoutMs: 60_000, what: 'exporter' },
    );
    const pid = child.pid as number;
    const idle = rssMb(pid);
    for (let i = 0; i < READERS; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(`GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n`);
      // Read nothing: the response stays queued in the exporter, as behind a slow client.
      s.pause();
      sockets.push(s);
    }
    let peak = idle;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      peak = Math.max(peak, rssMb(pid));
      await new Promise((r) => setTimeout(r, 250));
    }
    process.stdout.write(
      `${JSON.stringify({ checkout: CHECKOUT, readers: READERS, bodyMb: Math.round(Buffer.byteLength(body) / 1e5) / 10, idleRssMb: Math.round(idle), peakRssMb: Math.round(peak) })}\n`,
    );
  } finally {
    for (const s of sockets) s.destroy();
    child.kill('SIGTERM');
    await redis.stop();
  }
});

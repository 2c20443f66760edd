import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { redisCommand, requireBinary } from './redis-server.js';
import { waitFor } from './wait.js';

export interface SentinelHandle {
  readonly port: number;
  readonly url: string;
  cmd(...args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A real Sentinel (redis-server --sentinel) on a free port. `monitors` lines become
 * `sentinel monitor NAME 127.0.0.1 PORT QUORUM` with a 1 s down-after, so a dead master turns
 * `sdown` quickly.
 */
export async function startSentinel(monitors: readonly { name: string; port: number; quorum: number }[]): Promise<SentinelHandle> {
  requireBinary('redis-server', 'redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rv-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  const lines = [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`];
  for (const m of monitors) lines.push(`sentinel monitor ${m.name} 127.0.0.1 ${m.port} ${m.quorum}`, `sentinel down-after-milliseconds ${m.name} 1000`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const cmd = (...args: string[]): Promise<unknown> => redisCommand(port, args);
  await waitFor(
    () => cmd('PING'),
    (r) => r === 'PONG',
    { what: `Sentinel on port ${port}` },
  );
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    cmd,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

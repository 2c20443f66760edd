import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { redisCommand, requireBinary } from './redis-server.js';
import { waitFor } from './wait.js';

/**
 * Runs a deployment file's Redis start script (`sh -c SCRIPT`, paths already mapped to this
 * machine) and waits until it answers with `password`. For checking how the compose file and the
 * StatefulSet hand Redis its password; the caller's redis.conf sets port and bind.
 */
export interface ScriptedRedis {
  /** Redis's pid (INFO process_id). */
  readonly pid: number;
  /** The pid of the `sh` started: equal to `pid` when the script `exec`s Redis, as it must. */
  readonly shellPid: number | undefined;
  send(password: string | undefined, ...args: string[]): Promise<unknown>;
  config(name: string): Promise<unknown>;
  cmdline(): string;
  stop(): Promise<void>;
}

export async function runRedisScript(script: string, port: number, password: string): Promise<ScriptedRedis> {
  requireBinary('redis-server', 'redis-server');
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const send = (pw: string | undefined, ...args: string[]): Promise<unknown> => redisCommand(port, args, { password: pw });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    await send(password, 'SHUTDOWN', 'NOSAVE').catch(() => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      () => (child.exitCode === null ? send(password, 'PING') : Promise.reject(new Error(`exited with ${child.exitCode}: ${output}`))),
      (r) => r === 'PONG',
      { what: 'redis-server from the deployment script' },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const info = String(await send(password, 'INFO', 'server'));
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  return {
    pid,
    shellPid: child.pid,
    send,
    // RESP2 answers CONFIG GET with a flat list, RESP3 with a map.
    config: async (name) => {
      const r = await send(password, 'CONFIG', 'GET', name);
      return Array.isArray(r) ? r[1] : (r as Record<string, unknown>)[name];
    },
    cmdline: () => readFileSync(`/proc/${pid}/cmdline`, 'utf8'),
    stop,
  };
}

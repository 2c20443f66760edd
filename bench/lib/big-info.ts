import { spawn, type ChildProcess } from 'node:child_process';
import { createClient } from 'redis';
import { ROOT } from './servers.js';

/** Starts bench/hold-clients.mjs and resolves once all `count` connections answered PING. */
export function holdClients(port: number, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bench/hold-clients.mjs', String(port), String(count)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^ready \d+/m.test(out)) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`hold-clients exited ${code}: ${out.slice(-500)}`)));
  });
}

type Reply = unknown[];

/**
 * Fills INFO commandstats with many distinct commands without side effects: every command
 * and subcommand from COMMAND is sent with a wrong number of arguments, which Redis rejects
 * before running it (counted as rejected_calls). A few dozen harmless commands are also run
 * for real so latencystats has lines too. Aims at `distinct` entries; returns how many there are.
 */
export async function varyCommands(port: number, distinct = 200): Promise<number> {
  const c = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const table = (await c.sendCommand(['COMMAND'])) as Reply[];
    const calls: string[][] = [];
    const plan = (parts: string[], arity: number) => {
      if (arity > 0) calls.push([...parts, ...Array.from({ length: arity + 1 - parts.length }, () => 'x')]);
      else if (-arity > parts.length) calls.push(parts);
    };
    for (const entry of table) {
      const name = String(entry[0]);
      plan([name], Number(entry[1]));
      for (const sub of (entry[9] as Reply[] | undefined) ?? []) {
        const [parent, child] = String(sub[0]).split('|');
        if (parent && child) plan([parent, child], Number(sub[1]));
      }
    }
    const real = [
      ['SET', 'bench:s', '1'],
      ['GET', 'bench:s'],
      ['INCR', 'bench:n'],
      ['DECR', 'bench:n'],
      ['APPEND', 'bench:s', 'x'],
      ['STRLEN', 'bench:s'],
      ['HSET', 'bench:h', 'f', 'v'],
      ['HGET', 'bench:h', 'f'],
      ['HGETALL', 'bench:h'],
      ['HDEL', 'bench:h', 'f'],
      ['LPUSH', 'bench:l', 'a'],
      ['RPUSH', 'bench:l', 'b'],
      ['LRANGE', 'bench:l', '0', '-1'],
      ['LPOP', 'bench:l'],
      ['RPOP', 'bench:l'],
      ['SADD', 'bench:set', 'a'],
      ['SMEMBERS', 'bench:set'],
      ['SREM', 'bench:set', 'a'],
      ['ZADD', 'bench:z', '1', 'a'],
      ['ZRANGE', 'bench:z', '0', '-1'],
      ['ZSCORE', 'bench:z', 'a'],
      ['EXPIRE', 'bench:s', '1000'],
      ['TTL', 'bench:s'],
      ['EXISTS', 'bench:s'],
      ['TYPE', 'bench:s'],
      ['MSET', 'bench:a', '1', 'bench:b', '2'],
      ['MGET', 'bench:a', 'bench:b'],
      ['DEL', 'bench:a'],
      ['PING'],
      ['ECHO', 'x'],
      ['DBSIZE'],
      ['TIME'],
      ['PFADD', 'bench:hll', 'a'],
      ['PFCOUNT', 'bench:hll'],
      ['SETBIT', 'bench:bits', '7', '1'],
      ['BITCOUNT', 'bench:bits'],
      ['XADD', 'bench:x', '*', 'f', 'v'],
      ['XLEN', 'bench:x'],
      ['GEOADD', 'bench:g', '13.4', '52.5', 'b'],
    ];
    for (const args of real) await c.sendCommand(args);
    const count = async () => (String(await c.sendCommand(['INFO', 'commandstats'])).match(/^cmdstat_/gm) ?? []).length;
    // Some planned calls land on an entry that already exists; add until the count is reached.
    for (let i = 0, n = await count(); n < distinct && i < calls.length; i += distinct - n, n = await count()) {
      for (const args of calls.slice(i, i + distinct - n)) await c.sendCommand(args).catch(() => undefined);
    }
    return await count();
  } finally {
    c.destroy();
  }
}

import { createServer, type Server, type Socket } from 'node:net';

/**
 * A tiny RESP peer that answers like an old Redis (3.0): INFO without the sections newer
 * versions added, CONFIG GET with one pattern only, no CLIENT SETINFO. It is a protocol peer
 * for the real client and poller, not a stand-in for our code; Debian ships no old Redis.
 */
export const INFO_3_0 = [
  '# Server',
  'redis_version:3.0.7',
  'redis_mode:standalone',
  'os:Linux 4.9.0 x86_64',
  'process_id:7',
  'tcp_port:6379',
  'uptime_in_seconds:100',
  '',
  '# Clients',
  'connected_clients:1',
  'blocked_clients:0',
  '',
  '# Memory',
  'used_memory:1000000',
  'used_memory_rss:2000000',
  'used_memory_peak:1500000',
  'mem_fragmentation_ratio:2.00',
  '',
  '# Persistence',
  'loading:0',
  'rdb_changes_since_last_save:0',
  'rdb_bgsave_in_progress:0',
  'rdb_last_save_time:1700000000',
  'rdb_last_bgsave_status:ok',
  'aof_enabled:0',
  'aof_rewrite_in_progress:0',
  'aof_last_bgrewrite_status:ok',
  '',
  '# Stats',
  'total_connections_received:5',
  'total_commands_processed:50',
  'rejected_connections:0',
  'evicted_keys:0',
  '',
  '# Replication',
  'role:master',
  'connected_slaves:0',
  '',
  '# CPU',
  'used_cpu_sys:0.50',
  'used_cpu_user:0.25',
  '',
  '# Keyspace',
  'db0:keys=3,expires=0,avg_ttl=0',
  '',
].join('\r\n');

const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

function reply(args: string[], info: string): string {
  const cmd = (args[0] ?? '').toUpperCase();
  const sub = (args[1] ?? '').toUpperCase();
  if (cmd === 'PING') return '+PONG\r\n';
  if (cmd === 'CLIENT' && sub === 'SETNAME') return '+OK\r\n';
  if (cmd === 'CLIENT') return `-ERR Syntax error, try CLIENT (LIST | KILL ip:port | GETNAME | SETNAME connection-name)\r\n`;
  if (cmd === 'INFO') return bulk(info);
  if (cmd === 'CONFIG' && sub === 'GET' && args.length === 3) {
    const pairs = ['maxmemory', '0', 'maxmemory-policy', 'noeviction', 'appendonly', 'no', 'save', '900 1'];
    return `*${pairs.length}\r\n${pairs.map(bulk).join('')}`;
  }
  if (cmd === 'CONFIG') return `-ERR Wrong number of arguments for CONFIG ${sub}\r\n`;
  return `-ERR unknown command '${args[0] ?? ''}'\r\n`;
}

/** Parses as many complete RESP arrays of bulk strings as `buf` holds; returns them and the rest. */
function parse(buf: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let pos = 0;
  for (;;) {
    const start = pos;
    const line = () => {
      const end = buf.indexOf('\r\n', pos);
      if (end < 0) return undefined;
      const text = buf.toString('utf8', pos, end);
      pos = end + 2;
      return text;
    };
    const head = line();
    if (head === undefined || !head.startsWith('*')) return { commands, rest: buf.subarray(start) };
    const args: string[] = [];
    for (let i = 0; i < Number(head.slice(1)); i++) {
      const len = line();
      if (len === undefined || pos + Number(len.slice(1)) + 2 > buf.length) return { commands, rest: buf.subarray(start) };
      args.push(buf.toString('utf8', pos, pos + Number(len.slice(1))));
      pos += Number(len.slice(1)) + 2;
    }
    commands.push(args);
  }
}

/** `info` replaces the INFO reply (e.g. a hostile one); the default is Redis 3.0's. */
export async function startOldRedis(info: string = INFO_3_0): Promise<{ port: number; received: string[][]; stop(): Promise<void> }> {
  const received: string[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { commands, rest } = parse(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const args of commands) {
        received.push(args);
        socket.write(reply(args, info));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

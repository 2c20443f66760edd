import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP server that speaks just enough RESP to play a broken Redis or proxy: each command
 * (an array of bulk strings) goes to `answer`, which returns raw RESP to write, null to stay
 * silent, or 'close' to drop the connection. It counts accepted and open connections, so a test
 * can prove the exporter never holds more than one per target.
 */
export type Answer = string | null | 'close';

export interface FakeRedis {
  readonly port: number;
  readonly url: string;
  /** Connections accepted since start. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Most connections that were open at the same time. */
  readonly maxOpen: number;
  /** Every command received, upper-cased name first. */
  readonly commands: string[][];
  stop(): Promise<void>;
}

export const resp = {
  simple: (s: string) => `+${s}\r\n`,
  error: (s: string) => `-${s}\r\n`,
  int: (n: number) => `:${n}\r\n`,
  bulk: (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`,
  nil: () => '$-1\r\n',
  array: (items: string[]) => `*${items.length}\r\n${items.join('')}`,
};

/** Parses complete RESP arrays of bulk strings from `buf`; returns the commands and the unread rest. */
function parseCommands(buf: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let pos = 0;
  const line = (from: number): [string, number] | undefined => {
    const end = buf.indexOf('\r\n', from);
    return end < 0 ? undefined : [buf.subarray(from, end).toString(), end + 2];
  };
  for (;;) {
    const head = line(pos);
    if (!head || !head[0].startsWith('*')) break;
    const n = Number(head[0].slice(1));
    let at = head[1];
    const args: string[] = [];
    let complete = true;
    for (let i = 0; i < n; i++) {
      const len = line(at);
      if (!len) {
        complete = false;
        break;
      }
      const size = Number(len[0].slice(1));
      if (buf.length < len[1] + size + 2) {
        complete = false;
        break;
      }
      args.push(buf.subarray(len[1], len[1] + size).toString());
      at = len[1] + size + 2;
    }
    if (!complete) break;
    commands.push(args);
    pos = at;
  }
  return { commands, rest: buf.subarray(pos) };
}

export const INFO_OK = resp.bulk('# Server\r\nredis_version:7.0.0\r\nrun_id:fake\r\n# Memory\r\nused_memory:1000\r\n');

/** Answers like a healthy Redis unless `answer` says otherwise (undefined: the default reply). */
export function defaultAnswer(cmd: string[]): Answer {
  const name = (cmd[0] ?? '').toUpperCase();
  if (name === 'INFO') return INFO_OK;
  if (name === 'PING') return resp.simple('PONG');
  if (name === 'CONFIG') return resp.array([]);
  if (name === 'AUTH' || name === 'SELECT' || name === 'CLIENT') return resp.simple('OK');
  return resp.error(`ERR unknown command '${cmd[0]}'`);
}

export async function startFakeRedis(answer: (cmd: string[]) => Answer | undefined = () => undefined): Promise<FakeRedis> {
  const sockets = new Set<Socket>();
  const commands: string[][] = [];
  const stats = { accepted: 0, maxOpen: 0 };
  const server: Server = createServer((sock) => {
    stats.accepted++;
    sockets.add(sock);
    stats.maxOpen = Math.max(stats.maxOpen, sockets.size);
    let pending: Buffer = Buffer.alloc(0);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    sock.on('data', (chunk) => {
      const parsed = parseCommands(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const cmd of parsed.commands) {
        commands.push([(cmd[0] ?? '').toUpperCase(), ...cmd.slice(1)]);
        const given = answer(cmd);
        const a = given === undefined ? defaultAnswer(cmd) : given;
        if (a === 'close') {
          sock.destroy();
          return;
        }
        if (a !== null) sock.write(a);
      }
    });
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get accepted() {
      return stats.accepted;
    },
    get open() {
      return sockets.size;
    },
    get maxOpen() {
      return stats.maxOpen;
    },
    commands,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

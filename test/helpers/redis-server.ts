import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/**
 * Starts real redis-server processes for tests (Debian's package), on free loopback ports,
 * and tears them down even when their saves fail (SHUTDOWN NOSAVE, then SIGKILL).
 */
export interface RedisOptions {
  /** Extra redis-server arguments, e.g. ['--maxmemory', '1mb']. */
  readonly args?: readonly string[];
  /** Use this directory as `dir` instead of a fresh temp dir. */
  readonly dir?: string;
  /** Run the server as this uid/gid (root only), e.g. 65534 for nobody. */
  readonly uid?: number;
  readonly gid?: number;
  readonly requirepass?: string;
  /**
   * redis.conf lines for directives that have no command-line form, e.g.
   * `rename-command LATENCY ""`. Written to a temp file that redis-server reads first.
   */
  readonly config?: readonly string[];
  /** Listen on this port (e.g. to restart a server where the exporter expects it). */
  readonly port?: number;
  /** 'loading': ready as soon as it answers, even "LOADING …" (a test that polls mid-load). */
  readonly ready?: 'ping' | 'loading';
}

export interface RedisHandle {
  readonly port: number;
  readonly host: string;
  readonly dir: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Runs one command on a fresh admin connection and returns the reply. */
  cmd(...args: string[]): Promise<unknown>;
  info(section?: string): Promise<string>;
  stop(): Promise<void>;
}

export function requireBinary(name: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${name}`]);
  if (r.status !== 0) throw new Error(`${name} is not installed: this test needs the Debian package "${pkg}" (apt-get install -y ${pkg}); npm test installs it when run as root`);
}

export function requireRoot(why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`this test needs root to ${why}; run the suite as root (CI does)`);
}

const running = new Set<RedisHandle>();

/**
 * One command on a fresh connection to a loopback server (redis-server or Sentinel), closed
 * after the reply: the tests' admin client. No CLIENT SETINFO / MAINT_NOTIFICATIONS handshake:
 * on Redis 7.0 they count as error replies.
 */
export async function redisCommand(port: number, args: readonly string[], opts: { readonly password?: string | undefined } = {}): Promise<unknown> {
  const c = createClient({
    socket: { host: '127.0.0.1', port, reconnectStrategy: false, connectTimeout: 2000 },
    ...(opts.password ? { password: opts.password } : {}),
    disableClientInfo: true,
    maintNotifications: 'disabled',
  });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await c.sendCommand([...args]);
  } finally {
    c.destroy();
  }
}

export async function startRedis(opts: RedisOptions = {}): Promise<RedisHandle> {
  requireBinary('redis-server', 'redis-server');
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'rv-redis-'));
  if (opts.uid !== undefined && !opts.dir) chmodSync(dir, 0o777);
  const confDir = opts.config ? mkdtempSync(join(tmpdir(), 'rv-redis-conf-')) : undefined;
  const confFile = confDir ? join(confDir, 'redis.conf') : undefined;
  if (confFile) writeFileSync(confFile, `${(opts.config ?? []).join('\n')}\n`);
  const args = [
    ...(confFile ? [confFile] : []),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--enable-debug-command',
    'yes',
    '--enable-protected-configs',
    'yes',
    ...(opts.requirepass ? ['--requirepass', opts.requirepass] : []),
    ...(opts.args ?? []),
  ];
  const child = spawn('redis-server', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const cmd = (...cmdArgs: string[]): Promise<unknown> => redisCommand(port, cmdArgs, { password: opts.requirepass });
  try {
    const ping = async () => (opts.ready === 'loading' ? cmd('PING').catch((err: Error) => (/^LOADING/.test(err.message) ? 'LOADING' : Promise.reject(err))) : cmd('PING'));
    await waitFor(
      async () => (child.exitCode === null ? ping() : Promise.reject(new Error('exited'))),
      (r) => r === 'PONG' || (opts.ready === 'loading' && r === 'LOADING'),
      {
        timeoutMs: 10_000,
        what: `redis-server on port ${port}`,
      },
    );
  } catch (err) {
    child.kill('SIGKILL');
    if (confDir) rmSync(confDir, { recursive: true, force: true });
    throw new Error(`redis-server did not start: ${(err as Error).message}\n${output}`, { cause: err });
  }
  const handle: RedisHandle = {
    port,
    host: '127.0.0.1',
    dir,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    cmd,
    info: async (section = 'ALL') => String(await cmd('INFO', section)),
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      // A test may have SIGSTOPped it (a paused replica); a stopped server cannot answer SHUTDOWN.
      child.kill('SIGCONT');
      // A Redis whose save fails refuses a plain shutdown; NOSAVE never blocks on the disk.
      await cmd('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
      if (confDir) rmSync(confDir, { recursive: true, force: true });
    },
  };
  running.add(handle);
  return handle;
}

/** Stops every server a test file started; call from afterAll as a safety net. */
export async function stopAllRedis(): Promise<void> {
  await Promise.all([...running].map((h) => h.stop()));
}

/** A tiny tmpfs (root only): BGSAVE and AOF writes into it fail with ENOSPC once it is full. */
export function mountTmpfs(sizeKb: number): { dir: string; unmount(): void } {
  requireRoot('mount a tmpfs for a full-disk data directory');
  const dir = mkdtempSync(join(tmpdir(), 'rv-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777`, 'tmpfs', dir]);
  if (r.status !== 0) throw new Error(`mount tmpfs failed: ${r.stderr.toString()}`);
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

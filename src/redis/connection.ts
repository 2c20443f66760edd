import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect as tcpConnect, type Socket } from 'node:net';
import { RedisClient, RESP_TYPES } from '@redis/client';
import type { RedisAddress } from '../config/address.js';
import type { TlsOptions } from '../config/targets.js';
import { RedisConfigValues, CONFIG_KEYS } from '../parse/config.js';


export interface RedisSourceOptions {
  readonly address: RedisAddress;
  readonly user: string;
  readonly password: string;
  readonly connectTimeoutMs: number;
  /** null: never send CONFIG. */
  readonly configCommand: string | null;
  readonly tls: TlsOptions;
  /** --include-config-metrics: CONFIG GET * and keep every setting (secrets dropped) for export. */
  readonly allConfig?: boolean;
}

/**
 * `tcp`: for TLS, our own TCP socket under the TLS one, so a handshake that gets no answer
 * (rediss:// against a plain-TCP port) can be told apart from an unreachable host.
 * `resp`: 3 unless the server refused HELLO (Redis before 6).
 */
/**
 * node-redis builds a client class with a method per command (and per module command, in the
 * `redis` package) for each options object it is given, caching only the last one: ~2,300
 * closures and 250 KB of heap per target. Clients made from these two factories share one class
 * per protocol; we only use sendCommand, so no modules are attached.
 */
const factories: { 2?: ReturnType<typeof factoryFor>; 3?: ReturnType<typeof factoryFor> } = {};

// Made on first use: each costs a few MB to build, and most deployments never meet a RESP2-only Redis.
function factoryFor(resp: 2 | 3) {
  return RedisClient.factory({ RESP: resp as 3 });
}

function makeClient(opts: RedisSourceOptions, resp: 2 | 3, tcp: Socket | undefined) {
  const a = opts.address;
  const common = { connectTimeout: opts.connectTimeoutMs, reconnectStrategy: false as const };
  const socket =
    a.kind === 'unix'
      ? { path: a.path, ...common }
      : a.tls
        ? { host: a.host, port: a.port, tls: true as const, ...tlsSocket(opts.tls, a.host), ...(tcp ? { socket: tcp } : {}), ...common }
        : { host: a.host, port: a.port, ...common };
  // Typed as the RESP3 factory (we only use sendCommand); the constructor still reads RESP from the options.
  const factory = (factories[resp] ??= factoryFor(resp));
  const options: Parameters<typeof factory>[0] & { RESP: 2 | 3 } = {
    socket,
    RESP: resp,
    ...(opts.user ? { username: opts.user } : {}),
    ...(opts.password ? { password: opts.password } : {}),
    ...(a.db ? { database: a.db } : {}),
    name: 'redis-vitals',
    // Fail commands at once while disconnected instead of queueing them behind a dead socket.
    disableOfflineQueue: true,
    // node-redis's handshake extras (CLIENT SETINFO, Redis 7.2+; CLIENT MAINT_NOTIFICATIONS,
    // Redis Enterprise) fail on other servers and bump their errorstat_ERR on every connect.
    disableClientInfo: true,
    maintNotifications: 'disabled' as const,
  };
  return factory(options);
}

type Client = ReturnType<typeof makeClient>;

/** Files are read at each connect, so rotated certificates are picked up on the next reconnect. */
function tlsSocket(tls: TlsOptions, host: string) {
  return {
    ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile ? { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } : {}),
    // SNI must be a name (RFC 6066); for an IP address the certificate is checked against the IP.
    ...(tls.serverName || !isIP(host) ? { servername: tls.serverName || host } : {}),
    rejectUnauthorized: !tls.skipVerify,
  };
}

/**
 * One long-lived connection to one Redis. Reconnects are driven by the poller (with its own
 * backoff), so node-redis's reconnect is off and a dead connection is simply replaced.
 */
export class RedisSource {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  /** Redis < 7 rejects several keys in one CONFIG GET; then fall back to `*` and filter. */
  private configGetMulti = true;
  private resp: 2 | 3 = 3;
  /** Last TLS connect attempt: TCP connected, TLS handshake not (yet) done. */
  private handshakePending = false;
  /** Bumped by reset() and close(): an attempt from an older generation is not kept. */
  private generation = 0;
  /** Seconds spent connecting since takeConnectSeconds() last ran. */
  private connectSeconds = 0;

  constructor(private readonly opts: RedisSourceOptions) {}

  /** True when the last TLS connect reached the port but got no TLS answer (yet). */
  get tlsHandshakeStalled(): boolean {
    return this.handshakePending;
  }

  private async connect(): Promise<Client> {
    const a = this.opts.address;
    const tcp = a.kind === 'tcp' && a.tls ? tcpConnect({ host: a.host, port: a.port }) : undefined;
    this.handshakePending = false;
    tcp?.once('connect', () => (this.handshakePending = true));
    const client = makeClient(this.opts, this.resp, tcp);
    // Without a listener node-redis rethrows socket errors as uncaught; the poller reports them.
    client.on('error', () => undefined);
    client.once('connect', () => (this.handshakePending = false));
    try {
      await client.connect();
    } catch (err) {
      client.destroy();
      tcp?.destroy();
      // Redis before 6 has no HELLO: speak RESP2 to it from now on.
      if (this.resp === 3 && /unknown command .?HELLO/i.test((err as Error).message)) {
        this.resp = 2;
        return this.connect();
      }
      throw err;
    }
    return client;
  }

  /**
   * Returns a ready client, connecting if needed; concurrent callers share one attempt. An
   * attempt that completes after reset() or close() is closed, not kept: a handshake stuck past
   * the poll deadline would otherwise leave a connection nobody closes.
   */
  async ready(): Promise<Client> {
    if (this.client?.isReady) return this.client;
    this.dropClient();
    if (!this.connecting) {
      const generation = this.generation;
      const startedAt = performance.now();
      const attempt: Promise<Client> = this.connect()
        .then((client) => {
          if (this.generation === generation) return client;
          client.destroy();
          throw new Error('the connection was dropped while it was being set up');
        })
        .finally(() => {
          this.connectSeconds += (performance.now() - startedAt) / 1000;
          if (this.connecting === attempt) this.connecting = undefined;
        });
      this.connecting = attempt;
    }
    this.client = await this.connecting;
    return this.client;
  }

  /**
   * Seconds spent setting up connections (TCP, TLS, AUTH, HELLO) since the last call, failed
   * attempts included; 0 when the open connection was reused. Read once per poll.
   */
  takeConnectSeconds(): number {
    const s = this.connectSeconds;
    this.connectSeconds = 0;
    return s;
  }

  async info(): Promise<string> {
    const client = await this.ready();
    return String(await client.sendCommand(['INFO', 'ALL']));
  }

  async configGet(): Promise<RedisConfigValues | undefined> {
    const cmd = this.opts.configCommand;
    if (cmd === null) return undefined;
    const client = await this.ready();
    let reply: unknown;
    if (this.opts.allConfig) return new RedisConfigValues(pairsOf(await client.sendCommand([cmd, 'GET', '*'])), { exportAll: true });
    if (this.configGetMulti) {
      try {
        reply = await client.sendCommand([cmd, 'GET', ...CONFIG_KEYS]);
      } catch (err) {
        if (!/wrong number of arguments/i.test((err as Error).message)) throw err;
        this.configGetMulti = false;
      }
    }
    if (!this.configGetMulti) reply = await client.sendCommand([cmd, 'GET', '*']);
    return new RedisConfigValues(pairsOf(reply));
  }

  /** Sends a read-only command (the collectors' LATENCY, SLOWLOG, CLIENT LIST, CLUSTER NODES). */
  async command(args: string[]): Promise<unknown> {
    const client = await this.ready();
    return client.sendCommand(args);
  }

  /**
   * Sends commands in one write and returns the replies in order. Bulk strings come back as
   * Buffers, so binary key names survive the round trip (the big-key scan relies on it).
   */
  async pipelineBuffers(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>, timeoutMs?: number): Promise<unknown[]> {
    const client = await this.ready();
    const options = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer }, ...(timeoutMs ? { timeout: timeoutMs } : {}) };
    return Promise.all(commands.map((args) => client.sendCommand(args, options)));
  }

  /**
   * Sends commands in one write; each reply settles on its own, so one error reply (WRONGTYPE from
   * PFCOUNT on a plain string, MOVED on a cluster node) does not fail the others. Strings as text.
   */
  async pipelineSettled(commands: ReadonlyArray<readonly string[]>, timeoutMs: number): Promise<PromiseSettledResult<unknown>[]> {
    const client = await this.ready();
    return Promise.allSettled(commands.map((args) => client.sendCommand([...args], { timeout: timeoutMs })));
  }

  private dropClient(): void {
    if (!this.client) return;
    const old = this.client;
    this.client = undefined;
    try {
      old.destroy();
    } catch {
      // already closed
    }
  }

  /** Drops the connection now (after a missed deadline, so a stuck reply cannot pile up). */
  reset(): void {
    this.abandonConnecting();
    this.dropClient();
  }

  /** A connection being set up is closed when it completes (see ready()); the next one starts afresh. */
  private abandonConnecting(): void {
    this.generation++;
    this.connecting = undefined;
  }

  async close(): Promise<void> {
    this.abandonConnecting();
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    try {
      if (c.isReady) await c.close();
      else c.destroy();
    } catch {
      c.destroy();
    }
  }
}

/** CONFIG GET replies are a flat [k, v, k, v] array (RESP2) or a map (RESP3). */
function pairsOf(reply: unknown): [string, string][] {
  const out: [string, string][] = [];
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), String(reply[i + 1])]);
  } else if (reply instanceof Map) {
    for (const [k, v] of reply) out.push([String(k), String(v)]);
  } else if (reply && typeof reply === 'object') {
    for (const [k, v] of Object.entries(reply)) out.push([k, String(v)]);
  }
  return out;
}

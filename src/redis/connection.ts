import { connect as tcpConnect, type Socket } from 'node:net';
// First: cuts node-redis's command table before node-redis loads it.
import './node-redis-trim.js';
import { RedisClient, RESP_TYPES } from '@redis/client';
import type { RedisAddress } from '../config/address.js';
import { readSecretFile, type PasswordFileRef } from '../config/secret-file.js';
import type { TlsOptions } from '../config/targets.js';
import { VitalsError } from '../errors.js';
import { addSecret } from '../config/secrets.js';
import { RedisConfigValues, CONFIG_KEYS, PRESENCE_ONLY_KEYS } from '../parse/config.js';
import { readTlsFiles, type TlsSocketFiles } from '../config/tls-files.js';
import { isRefusedCommand } from './classify-error.js';
import { CallWatch } from './call-watch.js';

export interface RedisSourceOptions {
  readonly address: RedisAddress;
  readonly user: string;
  readonly password: string;
  /** Re-read at every connect (a rotated password needs no restart); wins over `password`. */
  readonly passwordFile?: PasswordFileRef;
  readonly connectTimeoutMs: number;
  /**
   * Deadline of every call (connect and handshake included, then the command): past it the
   * connection is dropped, so no command the exporter sends can hang. Required on purpose.
   */
  readonly callTimeoutMs: number;
  /** null: never send CONFIG. */
  readonly configCommand: string | null;
  readonly tls: TlsOptions;
  /** --include-config-metrics: CONFIG GET * and keep every setting (secrets dropped) for export. */
  readonly allConfig?: boolean;
}

/**
 * node-redis builds a client class with a method per command for each options object it is
 * given: ~2,300 closures and 250 KB of heap per target. Clients made from this one factory share
 * one class; we only use sendCommand, so no modules are attached.
 *
 * RESP2, as redis-cli and redis_exporter speak it: nothing here needs RESP3, and RESP2 sends no
 * HELLO, so a server or proxy that refuses HELLO (NOPROTO, its own error text, a closed
 * connection) is polled like any other. Credentials go with AUTH; the name is set by
 * RedisSource itself (CLIENT SETNAME), so a proxy without CLIENT does not fail the handshake.
 */
let factory: ReturnType<typeof RedisClient.factory> | undefined;

function makeClient(opts: RedisSourceOptions, password: string, files: TlsSocketFiles | undefined, tcp: Socket | undefined) {
  const a = opts.address;
  const common = { connectTimeout: opts.connectTimeoutMs, reconnectStrategy: false as const };
  const socket =
    a.kind === 'unix'
      ? { path: a.path, ...common }
      : files
        ? { host: a.host, port: a.port, tls: true as const, ...files, ...(tcp ? { socket: tcp } : {}), ...common }
        : { host: a.host, port: a.port, ...common };
  factory ??= RedisClient.factory({ RESP: 2 as 3 });
  // Typed as the RESP3 factory's options (we only use sendCommand); the constructor reads RESP from them.
  const options: Parameters<typeof factory>[0] & { RESP: 2 } = {
    socket,
    RESP: 2,
    ...(opts.user ? { username: opts.user } : {}),
    ...(password ? { password } : {}),
    ...(a.db ? { database: a.db } : {}),
    // Fail commands at once while disconnected instead of queueing them behind a dead socket.
    disableOfflineQueue: true,
    // node-redis's handshake extras (CLIENT SETINFO, Redis 7.2+; CLIENT MAINT_NOTIFICATIONS,
    // Redis Enterprise) fail on other servers and bump their errorstat_ERR on every connect.
    disableClientInfo: true,
    maintNotifications: 'disabled' as const,
    // No per-command timer of node-redis's own (default 5 s): every call is already bounded by
    // --poll.timeout (bounded(), pipelineSettled's own timeout). Its AbortSignal.timeout fired
    // 5 s after each command had long been answered and built a DOMException there: about 5% of
    // a poll's CPU (a --cpu-prof of bench/poll-phases.mjs).
    commandOptions: { timeout: 0 },
  };
  return factory(options);
}

type Client = ReturnType<typeof makeClient>;

/** What CLIENT SETNAME names each connection, so `CLIENT LIST` shows which one is the exporter's. */
export const CLIENT_NAME = 'redis-vitals';

/** CLIENT SETNAME closed the connection (twemproxy does that for a command it does not know). */
class NameRefusedError extends Error {}

/** A call that outlived --poll.timeout (reason `deadline`); its connection has been dropped. */
export class CallTimeoutError extends VitalsError {
  constructor(message: string) {
    super('E_REDIS_TIMEOUT', message);
    this.name = 'CallTimeoutError';
  }
}

/** INFO must be text: nil, an integer or an array is a broken server or proxy, not a healthy poll. */
function infoText(reply: unknown): string {
  if (typeof reply === 'string') return reply;
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  const what = reply === null || reply === undefined ? 'nil' : Array.isArray(reply) ? 'an array' : `a ${typeof reply}`;
  throw new VitalsError('E_REDIS_PROTOCOL', `INFO replied with ${what}, not text (is this a Redis server?)`);
}

/**
 * One long-lived connection to one Redis, and never more than one: reconnects are driven by the
 * poller (with its own backoff), so node-redis's reconnect is off; a connection being set up is
 * destroyed the moment reset() or close() is called, not when its handshake finally completes.
 */
export class RedisSource {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  /** The attempt in progress, so reset() can close its sockets at once. */
  private pending: { client: Client; tcp: Socket | undefined; abandoned: boolean } | undefined;
  /** Redis < 7 rejects several keys in one CONFIG GET; then fall back to `*` and filter. */
  private configGetMulti = true;
  /** Last TLS connect attempt: TCP connected, TLS handshake not (yet) done. */
  private handshakePending = false;
  /** Bumped by reset() and close(): an attempt from an older generation is not kept. */
  private generation = 0;
  /** Seconds spent connecting since takeConnectSeconds() last ran. */
  private connectSeconds = 0;
  /** False once the server refused CLIENT SETNAME: its connections stay unnamed from then on. */
  private nameConnections = true;
  /** Bounds every call (bounded()); made on first use. */
  private watch: CallWatch | undefined;
  /** Replies of the commands sendAhead() sent, each taken by the command() given the same array. */
  private ahead: Map<readonly string[], Promise<unknown>> | undefined;

  constructor(private readonly opts: RedisSourceOptions) {
    addSecret(opts.password);
  }

  /** True when the last TLS connect reached the port but got no TLS answer (yet). */
  get tlsHandshakeStalled(): boolean {
    return this.handshakePending;
  }

  /** A connection, named if the server lets it be; one refusal by closing costs one more attempt. */
  private async connect(): Promise<Client> {
    const generation = this.generation;
    try {
      return await this.open();
    } catch (err) {
      if (!(err instanceof NameRefusedError) || this.generation !== generation) throw err;
      return this.open();
    }
  }

  private async open(): Promise<Client> {
    const a = this.opts.address;
    // Files first: a missing one fails the attempt before any socket exists.
    const files = a.kind === 'tcp' && a.tls ? readTlsFiles(this.opts.tls, a.host) : undefined;
    const password = (this.opts.passwordFile ? readSecretFile(this.opts.passwordFile).password : '') || this.opts.password;
    const tcp = files ? tcpConnect({ host: a.host, port: a.port }) : undefined;
    // Every socket gets an 'error' listener: a refused connect is a poll error, never a crash.
    tcp?.on('error', () => undefined);
    this.handshakePending = false;
    tcp?.once('connect', () => (this.handshakePending = true));
    const client = makeClient(this.opts, password, files, tcp);
    // Without a listener node-redis rethrows socket errors as uncaught; the poller reports them.
    client.on('error', () => undefined);
    const attempt = { client, tcp, abandoned: false };
    client.once('connect', () => {
      this.handshakePending = false;
      // Destroyed while its socket was still connecting: node-redis had no socket to close then.
      if (attempt.abandoned) client.destroy();
    });
    this.pending = attempt;
    try {
      await client.connect();
      if (this.nameConnections) await this.name(client, attempt);
      return client;
    } catch (err) {
      client.destroy();
      tcp?.destroy();
      throw err;
    } finally {
      if (this.pending?.client === client) this.pending = undefined;
    }
  }

  /**
   * Names the connection. A proxy that does not know CLIENT (twemproxy, Envoy's Redis proxy,
   * some managed endpoints) answers an error or closes the connection: such a server is polled
   * unnamed from then on, as redis_exporter polls it, instead of failing every handshake.
   */
  private async name(client: Client, attempt: { readonly abandoned: boolean }): Promise<void> {
    try {
      await client.sendCommand(['CLIENT', 'SETNAME', CLIENT_NAME]);
    } catch (err) {
      // reset() or close() destroyed it (a deadline, shutdown): not a refusal.
      if (attempt.abandoned) throw err;
      const closed = !client.isReady;
      // Only a refusal of the command stops the asking: maxclients, NOAUTH and the like pass,
      // and the next command reports them.
      if (closed || isRefusedCommand(err) || /\bunsupported command\b/i.test((err as Error).message)) this.nameConnections = false;
      if (closed) throw new NameRefusedError('CLIENT SETNAME closed the connection');
    }
  }

  /**
   * Returns a ready client, connecting if needed; concurrent callers share one attempt. An
   * attempt that completes after reset() or close() is closed, not kept.
   */
  async ready(): Promise<Client> {
    if (this.client?.isReady) return this.client;
    this.dropClient();
    if (!this.connecting) {
      const generation = this.generation;
      const startedAt = performance.now();
      const dropped = () => new Error('the connection was dropped while it was being set up');
      const attempt: Promise<Client> = this.connect()
        .then(
          (client) => {
            if (this.generation === generation) return client;
            client.destroy();
            throw dropped();
          },
          (err: unknown) => {
            // reset() or close() destroyed it: say so, not "socket closed unexpectedly".
            throw this.generation === generation ? err : dropped();
          },
        )
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
   * Seconds spent setting up connections (TCP, TLS, AUTH) since the last call, failed
   * attempts included; 0 when the open connection was reused. Read once per poll.
   */
  takeConnectSeconds(): number {
    const s = this.connectSeconds;
    this.connectSeconds = 0;
    return s;
  }

  /**
   * Runs one call (connect included) under --poll.timeout: past it the connection is dropped
   * and the call fails, so the big-key job, check and every fetcher are bounded like INFO is.
   * One timer for every call in flight (CallWatch), not one per call.
   */
  private bounded<T>(work: () => Promise<T>): Promise<T> {
    this.watch ??= new CallWatch(
      this.opts.callTimeoutMs,
      () => this.reset(),
      () => new CallTimeoutError(`Redis did not answer within ${this.opts.callTimeoutMs}ms`),
    );
    let pending: Promise<T>;
    try {
      pending = work();
    } catch (err) {
      // A client that throws instead of rejecting (work need not be an async function): still a failed call.
      pending = Promise.reject(err as Error);
    }
    return this.watch.bound(pending);
  }

  /**
   * The open connection's client, or undefined while there is none: a call on an open
   * connection (every poll's) then sends at once, without ready()'s promise and an async
   * wrapper's (two promises and two turns of the loop a command, paid unoptimised).
   */
  private get openClient(): Client | undefined {
    return this.client?.isReady ? this.client : undefined;
  }

  /** INFO (every section for the poll; the jobs send plain INFO): a reply that is not text is a `protocol` error. */
  info(sections: readonly string[] = ['ALL']): Promise<string> {
    const args = ['INFO', ...sections];
    const client = this.openClient;
    if (client) return this.bounded(() => client.sendCommand(args).then(infoText));
    return this.bounded(async () => infoText(await (await this.ready()).sendCommand(args)));
  }

  configGet(): Promise<RedisConfigValues | undefined> {
    const cmd = this.opts.configCommand;
    if (cmd === null) return Promise.resolve(undefined);
    return this.bounded(async () => {
      const client = await this.ready();
      let reply: unknown;
      if (this.opts.allConfig) return new RedisConfigValues(pairsOf(await client.sendCommand([cmd, 'GET', '*'])), { exportAll: true });
      if (this.configGetMulti) {
        try {
          reply = await client.sendCommand([cmd, 'GET', ...CONFIG_KEYS, ...PRESENCE_ONLY_KEYS]);
        } catch (err) {
          if (!/wrong number of arguments/i.test((err as Error).message)) throw err;
          this.configGetMulti = false;
        }
      }
      if (!this.configGetMulti) reply = await client.sendCommand([cmd, 'GET', '*']);
      return new RedisConfigValues(pairsOf(reply));
    });
  }

  /**
   * Sends a read-only command (the collectors' LATENCY, SLOWLOG, CLIENT LIST, CLUSTER NODES).
   * The very array given to sendAhead() earlier gets the reply that was sent ahead.
   */
  command(args: readonly string[]): Promise<unknown> {
    const ahead = this.ahead?.get(args);
    if (ahead) {
      this.ahead?.delete(args);
      return ahead;
    }
    const client = this.openClient;
    if (client) return this.bounded(() => client.sendCommand(args));
    return this.bounded(async () => (await this.ready()).sendCommand(args));
  }

  /**
   * Sends these commands now, in one write with whatever else is sent in this tick (node-redis
   * writes the commands of one tick together), so a poll's commands cost one round trip between
   * them instead of one each; each collector's fetch then takes its reply with
   * command(sameArray), and a failed reply fails only that call. An array already sent ahead and
   * not yet taken is not sent again. Replies nobody took go at forgetAhead() or reset().
   */
  sendAhead(commands: readonly (readonly string[])[]): void {
    for (const args of commands) {
      if (this.ahead?.has(args)) continue;
      const reply = this.command(args);
      // Its collector may not run (a missed deadline): its failure is then nobody's.
      reply.catch(() => undefined);
      (this.ahead ??= new Map()).set(args, reply);
    }
  }

  /** The poll is over: replies sent ahead that no fetch took are dropped. */
  forgetAhead(): void {
    this.ahead = undefined;
  }

  /**
   * Sends commands in one write and returns the replies in order. Bulk strings come back as
   * Buffers, so binary key names survive the round trip (the big-key scan relies on it).
   */
  pipelineBuffers(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<unknown[]> {
    return this.bounded(async () => {
      const client = await this.ready();
      const options = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };
      return Promise.all(commands.map((args) => client.sendCommand(args, options)));
    });
  }

  /**
   * Sends commands in one write; each reply settles on its own, so one error reply (WRONGTYPE from
   * PFCOUNT on a plain string, MOVED on a cluster node) does not fail the others. Strings as text.
   */
  pipelineSettled(commands: ReadonlyArray<readonly string[]>, timeoutMs: number): Promise<PromiseSettledResult<unknown>[]> {
    return this.bounded(async () => {
      const client = await this.ready();
      return Promise.allSettled(commands.map((args) => client.sendCommand([...args], { timeout: timeoutMs })));
    });
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
    this.ahead = undefined;
    this.abandonConnecting();
    this.dropClient();
  }

  /** Closes the connection being set up, if any, now: its handshake may never complete. */
  private abandonConnecting(): void {
    this.generation++;
    this.connecting = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    p.abandoned = true;
    try {
      p.client.destroy();
    } catch {
      // not open yet
    }
    p.tcp?.destroy();
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

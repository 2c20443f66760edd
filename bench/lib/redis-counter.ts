import { createClient } from 'redis';

/** What Redis says it has served so far, read over one persistent connection. */
export interface RedisCounts {
  readonly totalCommands: number;
  readonly connectionsReceived: number;
  readonly byCommand: ReadonlyMap<string, number>;
}

export interface CountDelta {
  readonly commands: number;
  readonly connections: number;
  /** Command name → calls, busiest first (rejected calls included). */
  readonly byCommand: Record<string, number>;
}

/**
 * Counts the commands and connections others cause on a Redis. The reader's own traffic is
 * known exactly and subtracted: it stays connected (no new connections), and each read is one
 * INFO that Redis counts once it completes, so the earlier read shows up in the later one.
 */
function connectTo(port: number) {
  const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
  client.on('error', () => undefined);
  return client;
}

export class RedisCounter {
  private constructor(private readonly client: ReturnType<typeof connectTo>) {}

  static async open(port: number): Promise<RedisCounter> {
    const client = connectTo(port);
    await client.connect();
    return new RedisCounter(client);
  }

  async read(): Promise<RedisCounts> {
    const text = String(await this.client.sendCommand(['INFO', 'stats', 'commandstats']));
    const byCommand = new Map<string, number>();
    for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)(?:.*rejected_calls=(\d+))?/gm)) {
      byCommand.set(m[1] as string, Number(m[2]) + Number(m[3] ?? 0));
    }
    const field = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    return { totalCommands: field('total_commands_processed'), connectionsReceived: field('total_connections_received'), byCommand };
  }

  static delta(before: RedisCounts, after: RedisCounts): CountDelta {
    const byCommand: Record<string, number> = {};
    for (const [cmd, n] of after.byCommand) {
      const d = n - (before.byCommand.get(cmd) ?? 0) - (cmd === 'info' ? 1 : 0);
      if (d > 0) byCommand[cmd] = d;
    }
    const sorted = Object.fromEntries(Object.entries(byCommand).sort((a, b) => b[1] - a[1]));
    return { commands: after.totalCommands - before.totalCommands - 1, connections: after.connectionsReceived - before.connectionsReceived, byCommand: sorted };
  }

  close(): void {
    this.client.destroy();
  }
}

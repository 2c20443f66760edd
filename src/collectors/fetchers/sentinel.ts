import type { Fetcher, FetchContext } from '../types.js';
import { countUp, sentinelTable } from '../../parse/sentinel.js';
import { CommandGate } from '../../redis/command-gate.js';

export interface SentinelMasterReading {
  readonly name: string;
  /** `ip:port` from SENTINEL MASTERS. */
  readonly address: string;
  /** SENTINEL CKQUORUM: passed, and Sentinel's reply text (or its error text) as it is. */
  readonly ckquorum: { readonly ok: boolean; readonly message: string };
  /** Peer Sentinels not flagged down, plus this one. */
  readonly okSentinels: number;
  /** Replicas not flagged down. */
  readonly okSlaves: number;
}

declare module '../types.js' {
  interface PollExtras {
    /** Per monitored master, what a Sentinel says of it; absent on other servers or when refused. */
    sentinel?: readonly SentinelMasterReading[];
  }
}

/**
 * On a Sentinel only: SENTINEL MASTERS, then per master CKQUORUM, SENTINELS and SLAVES, all
 * sent at once (a Sentinel monitors a handful of masters; each command is O(peers)).
 */
export function sentinelFetcher(): Fetcher {
  const gate = new CommandGate('SENTINEL MASTERS', 'redis_sentinel_master_ckquorum_status, _ok_sentinels and _ok_slaves are off');
  return {
    name: 'sentinel',
    async fetch(ctx: FetchContext) {
      if (ctx.info.fields.get('redis_mode') !== 'sentinel') return {};
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['SENTINEL', 'MASTERS']));
      if (reply === undefined) return {};
      const masters = sentinelTable(reply).flatMap((m) => {
        const name = m.get('name');
        const ip = m.get('ip');
        const port = m.get('port');
        return name === undefined || ip === undefined || port === undefined ? [] : [{ name, address: `${ip}:${port}` }];
      });
      const cmd = (args: string[]) => ctx.source.command(args);
      const readings = await Promise.all(
        masters.map(async ({ name, address }): Promise<SentinelMasterReading> => {
          const [ckquorum, sentinels, slaves] = await Promise.all([
            // A failed check is an error reply whose text says why (NOQUORUM …): that is the reading.
            cmd(['SENTINEL', 'CKQUORUM', name]).then(
              (r) => ({ ok: true, message: String(r) }),
              (err: unknown) => ({ ok: false, message: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '' }),
            ),
            cmd(['SENTINEL', 'SENTINELS', name]).catch(() => []),
            cmd(['SENTINEL', 'SLAVES', name]).catch(() => []),
          ]);
          return { name, address, ckquorum, okSentinels: 1 + countUp(sentinelTable(sentinels)), okSlaves: countUp(sentinelTable(slaves)) };
        }),
      );
      return { sentinel: readings };
    },
  };
}

import { performance } from 'node:perf_hooks';
import { TopKeys, type BigKey, type TypeLargest } from './top.js';

export interface ScanSettings {
  readonly cycleKeys: number;
  readonly cycleTimeMs: number;
  readonly scanCount: number;
  readonly samples: number;
  readonly top: number;
}

/** Sends commands as one pipeline; replies in order, bulk strings as Buffers. */
export type Pipeline = (commands: ReadonlyArray<ReadonlyArray<string | Buffer>>) => Promise<unknown[]>;

export interface CycleReport {
  /** Keys examined (TYPE + MEMORY USAGE) in this cycle; never above the cycle-keys budget. */
  readonly keys: number;
  /** Time this cycle spent waiting on Redis. */
  readonly seconds: number;
  /** Pipelines sent (SCAN and examine batches). */
  readonly batches: number;
  /** The pass finished in this cycle. */
  readonly passComplete: boolean;
}

export interface FinishedPass {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly keys: number;
  readonly top: readonly BigKey[];
  readonly largest: readonly TypeLargest[];
  /** Keys left without a per-type slot (BIGKEYS_TYPE_SLOTS_MAX). */
  readonly droppedTypeKeys: number;
}

interface Pass {
  readonly dbs: readonly number[];
  dbIndex: number;
  cursor: string;
  /** SCAN of the current db returned cursor 0. */
  scanned: boolean;
  /** Keys SCAN returned that this pass has not examined yet (SCAN may return more than COUNT). */
  pending: Buffer[];
  keys: number;
  readonly tracker: TopKeys;
  readonly startedAt: number;
}

/**
 * One pass over every database as a series of budgeted cycles. Each cycle stops starting
 * batches once it has examined `cycleKeys` keys or spent `cycleTimeMs` waiting on Redis; the
 * SCAN cursor and any keys SCAN returned beyond the budget carry over to the next cycle, so
 * the key budget holds exactly and the time budget is overshot by at most one batch.
 */
export class BigKeyScanner {
  private pass: Pass | undefined;
  private finished: FinishedPass | undefined;

  constructor(
    private readonly settings: ScanSettings,
    private readonly send: Pipeline,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get inPass(): boolean {
    return this.pass !== undefined;
  }

  /** Begins a pass over these databases (those INFO keyspace lists). `startedAt` is unix seconds. */
  startPass(dbs: readonly number[], startedAt: number): void {
    this.pass = { dbs, dbIndex: 0, cursor: '0', scanned: false, pending: [], keys: 0, tracker: new TopKeys(this.settings.top), startedAt };
  }

  /** Drops the pass in progress (its command was refused, or the server changed under it). */
  abandon(): void {
    this.pass = undefined;
  }

  /** The pass that completed in the last cycle, once. */
  takeFinished(): FinishedPass | undefined {
    const f = this.finished;
    this.finished = undefined;
    return f;
  }

  async cycle(now: () => number): Promise<CycleReport> {
    const { cycleKeys, cycleTimeMs, scanCount } = this.settings;
    const t0 = this.clock();
    let keys = 0;
    let batches = 0;
    const pass = this.pass;
    while (pass && this.advance(pass) && keys < cycleKeys && this.clock() - t0 < cycleTimeMs) {
      const db = String(pass.dbs[pass.dbIndex]);
      batches++;
      if (pass.pending.length === 0) {
        const [, reply] = await this.send([
          ['SELECT', db],
          ['SCAN', pass.cursor, 'COUNT', String(Math.min(scanCount, cycleKeys - keys))],
        ]);
        const [cursor, found] = Array.isArray(reply) ? (reply as [unknown, unknown]) : [undefined, undefined];
        if (cursor === undefined || !Array.isArray(found)) throw new Error('unexpected SCAN reply');
        pass.cursor = String(cursor);
        pass.scanned = pass.cursor === '0';
        pass.pending = found.map((k) => (Buffer.isBuffer(k) ? k : Buffer.from(String(k))));
        continue;
      }
      const batch = pass.pending.splice(0, Math.min(scanCount, cycleKeys - keys));
      await this.examine(pass, Number(db), batch);
      keys += batch.length;
    }
    let passComplete = false;
    if (pass && !this.advance(pass)) {
      this.finished = { startedAt: pass.startedAt, finishedAt: now(), keys: pass.keys, top: pass.tracker.top(), largest: pass.tracker.largestByType(), droppedTypeKeys: pass.tracker.droppedTypeKeys };
      this.pass = undefined;
      passComplete = true;
    }
    return { keys, seconds: (this.clock() - t0) / 1000, batches, passComplete };
  }

  /** Moves past finished databases; false when the whole pass is done. */
  private advance(pass: Pass): boolean {
    while (pass.scanned && pass.pending.length === 0) {
      pass.dbIndex++;
      pass.cursor = '0';
      pass.scanned = false;
    }
    return pass.dbIndex < pass.dbs.length;
  }

  private async examine(pass: Pass, db: number, batch: readonly Buffer[]): Promise<void> {
    const samples = String(this.settings.samples);
    const cmds: (string | Buffer)[][] = [['SELECT', String(db)]];
    for (const k of batch) cmds.push(['TYPE', k], ['MEMORY', 'USAGE', k, 'SAMPLES', samples]);
    const replies = await this.send(cmds);
    batch.forEach((key, i) => {
      const type = String(replies[1 + 2 * i]);
      const bytes = replies[2 + 2 * i];
      // A key deleted since SCAN returned it: TYPE "none", MEMORY USAGE nil.
      if (type === 'none' || typeof bytes !== 'number') return;
      pass.tracker.add({ db, key, type, bytes });
    });
    pass.keys += batch.length;
  }
}

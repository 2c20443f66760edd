import type { BigKeysConfig } from '../config/bigkeys.js';
import { CommandGate } from '../redis/command-gate.js';
import type { Logger } from '../log.js';
import { parseInfo } from '../parse/info.js';
import { classifyRedisError } from '../redis/classify-error.js';
import type { RedisSource } from '../redis/connection.js';
import { JobLoop } from '../redis/job-loop.js';
import { keyLabel } from './names.js';
import { BigKeyScanner, type CycleReport, type FinishedPass } from './scanner.js';
import type { TypeLargest } from './top.js';

export interface PublishedKey {
  readonly db: string;
  readonly key: string;
  readonly type: string;
  readonly bytes: number;
}

/** What /metrics shows: the last completed pass, plus progress counters. */
export interface BigKeysResults {
  readonly scannedKeysTotal: number;
  readonly lastCycle: { readonly keys: number; readonly seconds: number } | undefined;
  readonly lastPass:
    { readonly finishedAt: number; readonly seconds: number; readonly top: readonly PublishedKey[]; readonly largest: readonly TypeLargest[]; readonly droppedTypeKeys?: number } | undefined;
  /** Set while the last cycle failed (Redis unreachable, timeout, bad reply). */
  readonly error: string | undefined;
}

export interface BigKeysJobOptions {
  readonly source: RedisSource;
  readonly settings: BigKeysConfig;
  readonly logger: Logger;
  readonly target: string;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * The big-key scan as its own scheduled job, on its own connection, outside the poll: INFO is
 * never queued behind it on our side, and Redis runs at most one small pipeline of it at a time.
 * A pass starts at most every `intervalMs`; within a pass, one budgeted cycle runs every
 * `cycleIntervalMs`. Polls read `results()`, which never touches Redis.
 */
export class BigKeysJob {
  private readonly scanner: BigKeyScanner;
  private readonly gate = new CommandGate('SCAN/TYPE/MEMORY USAGE', 'the big-key scan is off');
  private runId = '';
  private scannedKeysTotal = 0;
  private lastCycle: BigKeysResults['lastCycle'];
  private lastPass: BigKeysResults['lastPass'];
  private error: string | undefined;
  private failures = 0;
  private nextPassAt = 0;
  private readonly loop: JobLoop;

  constructor(private readonly opts: BigKeysJobOptions) {
    this.scanner = new BigKeyScanner(opts.settings, (cmds) => opts.source.pipelineBuffers(cmds));
    // Stopping cuts a call in flight: shutdown never waits on a server that stopped answering.
    this.loop = new JobLoop({ step: () => this.step(), interrupt: () => opts.source.reset(), close: () => opts.source.close() });
  }

  results(): BigKeysResults {
    return { scannedKeysTotal: this.scannedKeysTotal, lastCycle: this.lastCycle, lastPass: this.lastPass, error: this.error };
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One cycle now, starting a pass if none is running (the schedule lives in `run`). */
  async runCycle(): Promise<CycleReport> {
    try {
      if (!this.scanner.inPass && !(await this.beginPass())) return { keys: 0, seconds: 0, batches: 0, passComplete: false };
      const report = await this.gate.run(this.runId, this.opts, () => this.scanner.cycle(() => Date.now() / 1000));
      if (report === undefined) {
        this.scanner.abandon();
        return { keys: 0, seconds: 0, batches: 0, passComplete: false };
      }
      this.scannedKeysTotal += report.keys;
      this.lastCycle = { keys: report.keys, seconds: report.seconds };
      const done = this.scanner.takeFinished();
      if (done) this.publish(done);
      this.onSuccess();
      return report;
    } catch (err) {
      // A timed-out pipeline may still answer later; a fresh connection cannot mix replies up.
      this.opts.source.reset();
      this.onFailure(err);
      throw err;
    }
  }

  /** Reads run_id and the databases with keys; false when this server refuses the scan. */
  private async beginPass(): Promise<boolean> {
    // Typed like the poll's: nil or a number from a broken proxy fails the pass, not an empty one.
    const info = parseInfo(await this.opts.source.info([]));
    // Counted from the pass start, so a refused or failed pass waits a whole interval too.
    this.nextPassAt = Date.now() + this.opts.settings.intervalMs;
    this.runId = info.fields.get('run_id') ?? '';
    if (this.gate.refused(this.runId)) return false;
    const dbs = info.keyspace.filter((d) => (d.keys ?? 1) > 0).map((d) => Number(d.db.slice(2)));
    this.scanner.startPass(dbs, Date.now() / 1000);
    return true;
  }

  private publish(done: FinishedPass): void {
    const redact = this.opts.settings.redactNames;
    this.lastPass = {
      finishedAt: done.finishedAt,
      seconds: done.finishedAt - done.startedAt,
      top: done.top.map((k) => ({ db: `db${k.db}`, key: keyLabel(k.key, redact), type: k.type, bytes: k.bytes })),
      largest: done.largest,
      droppedTypeKeys: done.droppedTypeKeys,
    };
  }

  private onSuccess(): void {
    if (this.failures > 0) this.opts.logger.info({ target: this.opts.target, failedCycles: this.failures }, 'big-key scan works again');
    this.failures = 0;
    this.error = undefined;
  }

  private onFailure(err: unknown): void {
    const c = classifyRedisError(err);
    if (this.failures === 0) this.opts.logger.warn({ target: this.opts.target, reason: c.reason, error: c.message }, 'big-key cycle failed; retrying with backoff');
    this.failures++;
    this.error = c.message;
  }

  /** One cycle when one is due; the pause before the next. */
  private async step(): Promise<number> {
    const { cycleIntervalMs } = this.opts.settings;
    if (!this.scanner.inPass && Date.now() < this.nextPassAt) return this.nextPassAt - Date.now();
    try {
      const r = await this.runCycle();
      return r.passComplete || !this.scanner.inPass ? Math.max(cycleIntervalMs, this.nextPassAt - Date.now()) : cycleIntervalMs;
    } catch {
      return Math.min(MAX_BACKOFF_MS, cycleIntervalMs * 2 ** Math.min(this.failures, 16));
    }
  }
}

import type { Logger } from '../log.js';
import { isRefusedCommand, refusalText } from './classify-error.js';

/**
 * Remembers that one Redis server refused a command (renamed, ACL-denied, managed Redis) so it
 * is sent once, logged once, and skipped after. The refusal is tied to the server's `run_id`:
 * a restarted or replaced Redis (new run_id) gets one fresh try, since its config may differ.
 * An ACL change on a running server is not noticed; restarting redis-vitals picks it up.
 */
export class CommandGate {
  private refusedBy: string | undefined;

  /** `command` names the command in log lines, e.g. "LATENCY LATEST"; `consequence` says what stops. */
  constructor(
    private readonly command: string,
    private readonly consequence: string,
  ) {}

  /** True while the server with this run_id is known to refuse the command. */
  refused(runId: string): boolean {
    return this.refusedBy !== undefined && this.refusedBy === runId;
  }

  /**
   * Runs `work` unless this server refused the command before. A refusal returns undefined
   * (and logs once); every other error propagates, so the caller's failure handling applies.
   */
  async run<T>(runId: string, log: { logger: Logger; target: string }, work: () => Promise<T>): Promise<T | undefined> {
    if (this.refused(runId)) return undefined;
    try {
      const out = await work();
      if (this.refusedBy !== undefined) {
        log.logger.info({ target: log.target, command: this.command }, `${this.command} works again; its metrics are back`);
        this.refusedBy = undefined;
      }
      return out;
    } catch (err) {
      if (!isRefusedCommand(err)) throw err;
      this.refusedBy = runId;
      log.logger.warn(
        { target: log.target, command: this.command, error: refusalText(err) },
        `Redis refuses ${this.command} (renamed, ACL-denied or not offered); ${this.consequence} until Redis restarts or redis-vitals is restarted`,
      );
      return undefined;
    }
  }
}

/**
 * A CommandGate for a collector shared by every target: the refusal is remembered per target's
 * command source, and a gate is made only once a server refused (most never do), so a fleet
 * pays nothing per target for it.
 */
export class CommandGates {
  private readonly bySource = new WeakMap<object, CommandGate>();

  constructor(
    private readonly command: string,
    private readonly consequence: string,
  ) {}

  /** True while this target's server (run_id) is known to refuse the command: nothing to send ahead. */
  refused(runId: string, source: object): boolean {
    return this.bySource.get(source)?.refused(runId) ?? false;
  }

  async run<T>(runId: string, ctx: { source: object; logger: Logger; target: string }, work: () => Promise<T>): Promise<T | undefined> {
    const known = this.bySource.get(ctx.source);
    if (known) return known.run(runId, ctx, work);
    try {
      return await work();
    } catch (err) {
      if (!isRefusedCommand(err)) throw err;
      const gate = new CommandGate(this.command, this.consequence);
      this.bySource.set(ctx.source, gate);
      // The same bookkeeping and log line as a gate that saw the refusal itself.
      return gate.run(runId, ctx, () => Promise.reject(err));
    }
  }
}

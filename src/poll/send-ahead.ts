import type { Collector, CommandSource, FetchContext } from '../collectors/types.js';
import type { Logger } from '../log.js';

type Commands = (readonly string[])[];

/**
 * The commands the collectors can name before INFO answers (commandsWithInfo, judged on the last
 * successful poll's run_id): sent in INFO's own write, so a plain Redis costs one round trip.
 */
export function commandsWithInfo(collectors: readonly Collector[], runId: string, source: CommandSource, log: { logger: Logger; target: string }): Commands {
  const out: Commands = [];
  for (const c of collectors) {
    if (!c.needsRedis || !c.commandsWithInfo) continue;
    try {
      for (const args of c.commandsWithInfo(runId, source)) out.push(args);
    } catch (err) {
      log.logger.debug({ target: log.target, collector: c.name, error: (err as Error).message }, 'collector commandsWithInfo() failed; its fetch sends its own');
    }
  }
  return out;
}

/**
 * Every Redis collector's commands for this poll (commands(), from this poll's INFO), sent in one
 * write before the first fetch; those already sent with INFO are not sent again. A collector
 * whose commands() throws just sends its own from its fetch.
 */
export function sendAhead(active: readonly Collector[], ctx: FetchContext): void {
  const commands: Commands = [];
  for (const c of active) {
    if (!c.needsRedis || !c.commands) continue;
    try {
      for (const args of c.commands(ctx)) commands.push(args);
    } catch (err) {
      ctx.logger.debug({ target: ctx.target, collector: c.name, error: (err as Error).message }, 'collector commands() failed; its fetch sends its own');
    }
  }
  ctx.source.sendAhead(commands);
}

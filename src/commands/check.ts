import type { Config } from '../config/config.js';
import { exitCode, targetReport, textReport, type Status, type TargetReport } from '../doctor/report.js';
import type { Logger } from '../log.js';
import { createPoller } from '../poll/create-poller.js';
import { SharedHostReads } from '../host/shared-reads.js';

const WORST: readonly Status[] = ['CRITICAL', 'WARNING', 'UNKNOWN', 'OK'];

/**
 * `check` (Nagios plugin, exec probe, cron) and `doctor` (a readable report): poll every target
 * twice `--check.window` apart so "grew since the last poll" rules can be judged (once when the
 * window is 0s: a fast probe), print, and return the exit code of the worst target (--fail-on).
 */
export async function runCheck(config: Config, logger: Logger, mode: 'check' | 'doctor', out: NodeJS.WritableStream): Promise<number> {
  // Shared within half the window, so the second poll always reads the host afresh.
  const once = config.check.windowMs === 0;
  const hostReads = SharedHostReads.forInterval(Math.max(1, Math.min(config.poll.intervalMs, config.check.windowMs)));
  const pollers = config.targets.map((t) => createPoller(config, t, logger, { hostReads }));
  try {
    const first = await Promise.all(pollers.map((p) => p.pollOnce()));
    if (!once && first.some((s) => s.up)) await new Promise((r) => setTimeout(r, config.check.windowMs));
    const reports: TargetReport[] = await Promise.all(pollers.map(async (p, i) => targetReport(!once && first[i]?.up ? await p.pollOnce() : p.snapshot)));
    const status = WORST.find((s) => reports.some((r) => r.status === s)) ?? 'UNKNOWN';
    if (config.check.format === 'json') {
      out.write(`${JSON.stringify(reports.length === 1 ? reports[0] : { status, targets: reports }, null, 2)}\n`);
    } else {
      out.write(reports.map((r) => textReport(r, mode === 'doctor')).join('\n'));
    }
    return exitCode(status, config.check.failOn);
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
  }
}

import type { Config } from '../config/config.js';
import { EXIT, targetReport, textReport } from '../doctor/report.js';
import type { Logger } from '../log.js';
import { SelfMetrics } from '../self-metrics.js';
import { createPoller } from '../serve.js';

/**
 * `check` (Nagios plugin, exec probe, cron) and `doctor` (a readable report): poll twice
 * `--check.window` apart so "grew since the last poll" rules can be judged, print, return the exit code.
 */
export async function runCheck(config: Config, logger: Logger, mode: 'check' | 'doctor', out: NodeJS.WritableStream): Promise<number> {
  const poller = createPoller(config, logger, new SelfMetrics({ defaultMetrics: false }));
  try {
    let snapshot = await poller.pollOnce();
    if (snapshot.up) {
      await new Promise((r) => setTimeout(r, config.check.windowMs));
      snapshot = await poller.pollOnce();
    }
    const report = targetReport(snapshot);
    out.write(config.check.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textReport(report, mode === 'doctor'));
    return EXIT[report.status];
  } finally {
    await poller.stop();
  }
}

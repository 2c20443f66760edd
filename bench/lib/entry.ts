import { stopAllRedis } from '../../test/helpers/redis-server.js';

const STOP_GRACE_MS = 30_000;

/**
 * Runs a benchmark's main and always stops the redis-servers it started: on success, on a crash
 * and on Ctrl-C or a timeout's SIGTERM (they outlive the process otherwise).
 */
export function runBench(name: string, main: () => Promise<void>): void {
  const stop = () => Promise.race([stopAllRedis(), new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  main().then(
    () => process.exit(0),
    async (err: unknown) => {
      await stop();
      process.stderr.write(`${name} failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}

import { spawn } from 'node:child_process';
import { freePort } from './ports.js';
import { requireBinary } from './redis-server.js';
import { waitFor } from './wait.js';

/** Runs Debian's prometheus-redis-exporter (oliver006/redis_exporter) as the drop-in reference. */
export async function startRedisExporter(redisUrl: string, extraArgs: string[] = []): Promise<{ url: string; scrape(): Promise<string>; stop(): Promise<void> }> {
  requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
  const port = await freePort();
  const child = spawn('prometheus-redis-exporter', ['--redis.addr', redisUrl, '--web.listen-address', `127.0.0.1:${port}`, ...extraArgs], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  // `<namespace>_up`: --namespace renames redis_up too.
  await waitFor(scrape, (t) => /^[a-zA-Z_]\w*_up [01]$/m.test(t), { what: 'redis_exporter to serve' });
  return {
    url,
    scrape,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

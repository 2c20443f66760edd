import { Writable } from 'node:stream';
import { loadConfig, secretsOf, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startExporter, type Running } from '../../src/commands/serve.js';
import { freePort } from './ports.js';
import { parseExposition, type Exposition } from './exposition.js';

export interface TestExporter {
  readonly url: string;
  readonly config: Config;
  /** Every log line written so far (JSON). */
  readonly logs: string[];
  scrape(path?: string): Promise<string>;
  metrics(): Promise<Exposition>;
  stop(): Promise<void>;
}

/** Starts redis-vitals in this process with the given flags (fast, and logs are captured). */
export async function startTestExporter(flags: Record<string, string>, env: Record<string, string> = {}): Promise<TestExporter> {
  const port = await freePort();
  const config = loadConfig(new Map(Object.entries({ 'log-format': 'json', 'web.listen-address': `127.0.0.1:${port}`, 'poll.interval': '200ms', 'poll.timeout': '1s', ...flags })), env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      logs.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = createLogger({ format: config.log.format, level: 'debug', secrets: secretsOf(config), destination });
  const running: Running = await startExporter(config, logger);
  const base = `http://127.0.0.1:${port}`;
  const scrape = async (path = config.web.telemetryPath) => {
    const res = await fetch(base + path);
    return res.text();
  };
  return {
    url: base,
    config,
    logs,
    scrape,
    metrics: async () => parseExposition(await scrape()),
    stop: () => running.stop(),
  };
}

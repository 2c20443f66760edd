import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs wrk (C, one thread) as the load generator. autocannon was tried first: it records
 * latency in whole milliseconds, which reads 0 ms for every sub-millisecond p50, and as a
 * Node process it takes more of this 2-core machine from the servers being measured.
 */
export interface WrkResult {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Connect/read/write/timeout errors plus non-2xx responses. */
  readonly errors: number;
  readonly bytes: number;
}

// wrk's done() hook prints the summary as JSON on the last line (latency in microseconds).
const SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"bytes":%d,"p50":%d,"p99":%d,"max":%d,"errors":%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;

let scriptPath: string | undefined;

export function runWrk(url: string, connections: number, seconds: number): Promise<WrkResult> {
  scriptPath ??= join(mkdtempSync(join(tmpdir(), 'rv-wrk-')), 'summary.lua');
  writeFileSync(scriptPath, SCRIPT);
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', scriptPath, url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => reject(new Error(`wrk could not run (apt-get install wrk): ${err.message}`)));
    child.on('exit', (code) => {
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`wrk exited ${code}: ${out.slice(-500)}`));
      const j = JSON.parse(line) as Record<string, number>;
      const duration = (j.duration_us ?? 0) / 1e6;
      resolve({
        connections,
        durationSeconds: duration,
        requests: j.requests ?? 0,
        requestsPerSecond: duration > 0 ? (j.requests ?? 0) / duration : 0,
        p50Ms: (j.p50 ?? 0) / 1000,
        p99Ms: (j.p99 ?? 0) / 1000,
        maxMs: (j.max ?? 0) / 1000,
        errors: j.errors ?? 0,
        bytes: j.bytes ?? 0,
      });
    });
  });
}

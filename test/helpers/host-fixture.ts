import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { HOST_COLLECTORS } from '../../src/collectors/index.js';
import { HostReader } from '../../src/collectors/host-reader.js';
import type { HostRoots } from '../../src/host/roots.js';
import { renderText } from './exposition.js';
import type { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { NO_DEADLINE } from '../../src/poll/deadline.js';
import { NO_REDIS, runPoll } from '../../src/poll/run-poll.js';

export const HOST_FIXTURES = join(import.meta.dirname, '../fixtures/host');

/** Roots of a fixture tree: <case>/proc, <case>/sys, and the tree itself as rootfs. */
export function fixtureRoots(dir: string): HostRoots {
  return { procfs: join(dir, 'proc'), sysfs: join(dir, 'sys'), rootfs: dir };
}

export interface AreaRun {
  /** Exposition text of the host collectors. */
  readonly text: string;
  /** collector name → success, as redis_vitals_collector_success would show it. */
  readonly success: ReadonlyMap<string, boolean>;
  readonly errors: ReadonlyMap<string, string>;
}

/**
 * Runs the named host collectors once against a fixture tree through the exporter's own poll
 * pipeline (runPoll). Host collectors send no Redis command: the context has no connection.
 */
export async function runHostAreas(roots: HostRoots, areas: readonly string[], opts: { info?: Record<string, string>; config?: RedisConfigValues; reader?: HostReader } = {}): Promise<AreaRun> {
  const infoText = Object.entries(opts.info ?? {})
    .map(([k, v]) => `${k}:${v}\r\n`)
    .join('');
  const ctx = { source: NO_REDIS, info: parseInfo(infoText), infoAtMs: 0, config: opts.config, redisUp: true, now: 1_700_000_000, target: 'fixture', logger: pino({ level: 'silent' }) };
  const reader = opts.reader ?? new HostReader({ roots, dataDir: null });
  const collectors = reader.collectors(HOST_COLLECTORS.filter((c) => areas.includes(c.name)));
  const result = await runPoll(collectors, ctx, NO_DEADLINE, { compat: true });
  // The host fixtures compare host series only: redis_up is the poll's, not a collector's.
  const samples = result.samples.filter((s) => s.name !== 'redis_up');
  const success = new Map([...result.collectors].map(([name, h]) => [name, h.success]));
  const errors = new Map([...result.collectors].flatMap(([name, h]) => (h.error === undefined ? [] : [[name, h.error] as const])));
  return { text: renderText(samples), success, errors };
}

/** Text compared with a case's expected.prom: the series, then one success line per area. */
export function goldenText(run: AreaRun): string {
  const lines = [...run.success].map(([name, ok]) => `# collector_success ${name} ${ok ? 1 : 0}`);
  return `${run.text}${lines.join('\n')}\n`;
}

/** Compares with <dir>/expected.prom; UPDATE_GOLDEN=1 rewrites it instead (review the diff!). */
export function expectGolden(dir: string, actual: string): { expected: string; actual: string } {
  const file = join(dir, 'expected.prom');
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  return { expected: readFileSync(file, 'utf8'), actual };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_COLLECTORS } from '../../src/collectors/index.js';
import type { FetchContext, PollExtras } from '../../src/collectors/types.js';
import { HostFetchers } from '../../src/host/fetcher.js';
import type { HostRoots } from '../../src/host/roots.js';
import { renderSamples } from '../../src/exposition/render.js';
import { SampleSink } from '../../src/exposition/sample.js';
import type { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { RedisSource } from '../../src/redis/connection.js';
import { parseRedisAddress } from '../../src/config/address.js';
import { pino } from 'pino';

export const HOST_FIXTURES = join(import.meta.dirname, '../fixtures/host');

/** Roots of a fixture tree: <case>/proc, <case>/sys, and the tree itself as rootfs. */
export function fixtureRoots(dir: string): HostRoots {
  return { procfs: join(dir, 'proc'), sysfs: join(dir, 'sys'), rootfs: dir };
}

export interface AreaRun {
  /** Exposition text of the host collectors. */
  readonly text: string;
  /** area/collector name → success, as redis_vitals_collector_success would show it. */
  readonly success: ReadonlyMap<string, boolean>;
  readonly errors: ReadonlyMap<string, string>;
}

// Never connected: the host areas do not talk to Redis; FetchContext just requires a source.
const UNUSED_SOURCE = new RedisSource({ address: parseRedisAddress('redis://127.0.0.1:1'), user: '', password: '', tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false }, connectTimeoutMs: 1, configCommand: null });

/**
 * Runs the named host areas once against a fixture tree the way the poller does (one shared
 * context, each fetcher's failure recorded under its name), then the host collectors.
 */
export async function runHostAreas(
  roots: HostRoots,
  areas: readonly string[],
  opts: { info?: Record<string, string>; config?: RedisConfigValues; fetchers?: HostFetchers } = {},
): Promise<AreaRun> {
  const infoText = Object.entries(opts.info ?? {}).map(([k, v]) => `${k}:${v}\r\n`).join('');
  const ctx: FetchContext = { source: UNUSED_SOURCE, info: parseInfo(infoText), config: opts.config, redisUp: true, now: 1_700_000_000, target: 'fixture', logger: pino({ level: 'silent' }) };
  const host = opts.fetchers ?? new HostFetchers({ roots, dataDir: null });
  const extras: PollExtras = {};
  const success = new Map<string, boolean>();
  const errors = new Map<string, string>();
  for (const f of host.fetchers().filter((x) => areas.includes(x.name))) {
    try {
      Object.assign(extras, await f.fetch(ctx));
      success.set(f.name, true);
    } catch (err) {
      success.set(f.name, false);
      errors.set(f.name, (err as Error).message);
    }
  }
  const sink = new SampleSink();
  for (const c of HOST_COLLECTORS.filter((x) => areas.includes(x.name))) c.collect({ info: ctx.info, config: ctx.config, now: ctx.now, redisUp: true, extras }, sink);
  return { text: renderSamples(sink.samples), success, errors };
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

import { HostError } from '../errors.js';
import { DiskIoTracker } from '../host/disk-io.js';
import type { HostReadings } from '../host/readings.js';
import type { PersistenceFiles } from '../host/persistence-files.js';
import type { HostRoots } from '../host/roots.js';
import type { SharedHostReads } from '../host/shared-reads.js';
import type { ProcessCredentials } from '../parse/proc-status.js';
import type { Collector, FetchContext } from './types.js';

declare module './types.js' {
  interface PollExtras {
    host?: HostReadings;
  }
}

export interface HostSettings {
  readonly roots: HostRoots;
  /** --host.data-dir, as Redis sees it; null: CONFIG GET dir. */
  readonly dataDir: string | null;
  /** Host-wide readings shared by every target of this exporter (none: each target reads its own). */
  readonly shared?: SharedHostReads;
}

/** Per-target memory between polls. */
export interface HostState {
  /** Last seen credentials of the Redis process, so writability is still judged while Redis is down. */
  creds: ProcessCredentials | undefined;
  readonly disk: DiskIoTracker;
  /** The persistence files' last stats and the INFO stamp they were read under (host-files.ts). */
  files?: { readonly stamp: string; readonly atMs: number; readonly value: PersistenceFiles };
  /** The last smaps_rollup reading and what it depended on: skipped while it cannot have changed (host-process-smaps.ts). */
  hugePages?: { readonly pid: number; readonly bytes: number; readonly atMs: number; readonly stamp?: string };
  /** The Redis pid whose mountinfo descriptor host_datadir keeps open (released when it changes). */
  mountinfoPid?: number;
}

export interface AreaInput {
  readonly ctx: FetchContext;
  readonly settings: HostSettings;
  readonly state: HostState;
  /** What earlier host collectors read in this poll. */
  readonly so: HostReadings;
}

/**
 * A host collector: one independently failing part of the host reading and the series it
 * gives. Order matters: later ones use what earlier ones read in the same poll.
 */
export interface HostCollector {
  readonly name: string;
  /** true: needs INFO of this poll (the Redis pid). */
  readonly needsRedis: boolean;
  read(input: AreaInput): Promise<Partial<HostReadings>>;
  collect: Collector['collect'];
}

/** A host-wide reading through the shared window when there is one; `slow`: on the CONFIG cadence (shared-reads.ts). */
export async function hostWide<T>(settings: HostSettings, key: string, load: () => Promise<T>, slow = false): Promise<T> {
  return settings.shared ? (await settings.shared.get(key, load, slow)).value : load();
}

/** A reading an earlier host collector of this poll should have made; its own failure was logged there. */
export function needs<T>(value: T | undefined, why: string): T {
  if (value === undefined) throw new HostError('E_HOST_STATE', why, { follows: 'area' });
  return value;
}

/**
 * Reads the host for one target through its host collectors. They share this object's
 * per-target state (last Redis credentials, previous diskstats) and build one `extras.host`
 * per poll: every collector of a poll gets the same context object, and each returns a new
 * frozen object holding everything read so far in that poll, so a failed one costs only its own
 * fields and a late answer never mutates a published snapshot.
 */
export class HostReader {
  private poll: { ctx: FetchContext; readings: HostReadings } | undefined;
  private readonly state: HostState = { creds: undefined, disk: new DiskIoTracker() };
  private readonly inFlight = new Set<string>();
  private readonly failing = new Map<string, string>();

  constructor(private readonly settings: HostSettings) {}

  collectors(defs: readonly HostCollector[]): Collector[] {
    return defs.map((def) => ({ name: def.name, needsRedis: def.needsRedis, fetch: (ctx: FetchContext) => this.run(def, ctx), collect: def.collect }));
  }

  private async run(def: HostCollector, ctx: FetchContext): Promise<{ host: HostReadings }> {
    if (this.poll?.ctx !== ctx) this.poll = { ctx, readings: Object.freeze({}) };
    const poll = this.poll;
    // A read stuck in the kernel (hung NFS) must not pile up one blocked thread per poll.
    if (this.inFlight.has(def.name)) {
      throw this.report(def, ctx, new HostError('E_HOST_STATE', 'the previous read has not finished (hung filesystem?)'));
    }
    this.inFlight.add(def.name);
    try {
      const got = await def.read({ ctx, settings: this.settings, state: this.state, so: poll.readings });
      poll.readings = Object.freeze({ ...poll.readings, ...got });
      if (this.failing.delete(def.name)) ctx.logger.info({ target: ctx.target, area: def.name }, 'host area readable again');
      return { host: poll.readings };
    } catch (err) {
      throw this.report(def, ctx, err);
    } finally {
      this.inFlight.delete(def.name);
    }
  }

  /**
   * Logs a failure once per distinct reason (a container without /sys/kernel/mm fails every poll).
   * Failures that follow another one stay quiet: the cause has its own line (Redis down: the
   * poller's; an earlier area: that area's), and a first run without Redis must read as one line.
   */
  private report(def: HostCollector, ctx: FetchContext, err: unknown): unknown {
    const message = (err as Error).message;
    if (err instanceof HostError && (err.follows === 'area' || (err.follows === 'redis' && !ctx.redisUp))) return err;
    if (this.failing.get(def.name) !== message) {
      this.failing.set(def.name, message);
      ctx.logger.warn({ target: ctx.target, area: def.name, code: err instanceof HostError ? err.code : undefined, error: message }, 'host area unreadable; its series are missing');
    }
    return err;
  }
}

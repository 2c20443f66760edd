import type { FetchContext, Fetcher } from '../collectors/types.js';
import { HostError } from '../errors.js';
import { HOST_AREAS, type HostArea, type HostSettings, type HostState } from './areas.js';
import { DiskIoTracker } from './disk-io.js';
import type { HostReadings } from './readings.js';

/**
 * The host readings of one target, as one fetcher per area (see areas.ts). They share this
 * object's per-target state (last Redis credentials, previous diskstats) and build one
 * `extras.host` per poll: the poller hands every fetcher of a poll the same context object, and
 * each area returns a new frozen object holding everything read so far in that poll, so a
 * failed area costs only its own fields and a late answer never mutates a published snapshot.
 */
export class HostFetchers {
  private poll: { ctx: FetchContext; readings: HostReadings } | undefined;
  private readonly state: HostState = { creds: undefined, disk: new DiskIoTracker() };
  private readonly inFlight = new Set<string>();
  private readonly failing = new Map<string, string>();

  constructor(private readonly settings: HostSettings) {}

  fetchers(areas: readonly HostArea[] = HOST_AREAS): Fetcher[] {
    return areas.map((area) => ({ name: area.name, withoutRedis: area.withoutRedis, fetch: (ctx: FetchContext) => this.run(area, ctx) }));
  }

  private async run(area: HostArea, ctx: FetchContext): Promise<{ host: HostReadings }> {
    if (this.poll?.ctx !== ctx) this.poll = { ctx, readings: Object.freeze({}) };
    const poll = this.poll;
    // A read stuck in the kernel (hung NFS) must not pile up one blocked thread per poll.
    if (this.inFlight.has(area.name)) {
      throw this.report(area, ctx, new HostError('E_HOST_STATE', 'the previous read has not finished (hung filesystem?)'));
    }
    this.inFlight.add(area.name);
    try {
      const got = await area.read({ ctx, settings: this.settings, state: this.state, so: poll.readings });
      poll.readings = Object.freeze({ ...poll.readings, ...got });
      if (this.failing.delete(area.name)) ctx.logger.info({ target: ctx.target, area: area.name }, 'host area readable again');
      return { host: poll.readings };
    } catch (err) {
      throw this.report(area, ctx, err);
    } finally {
      this.inFlight.delete(area.name);
    }
  }

  /**
   * Logs a failure once per distinct reason (a container without /sys/kernel/mm fails every poll).
   * Failures that follow another one stay quiet: the cause has its own line (Redis down: the
   * poller's; an earlier area: that area's), and a first run without Redis must read as one line.
   */
  private report(area: HostArea, ctx: FetchContext, err: unknown): unknown {
    const message = (err as Error).message;
    if (err instanceof HostError && (err.follows === 'area' || (err.follows === 'redis' && !ctx.redisUp))) return err;
    if (this.failing.get(area.name) !== message) {
      this.failing.set(area.name, message);
      ctx.logger.warn({ target: ctx.target, area: area.name, error: message }, 'host area unreadable; its series are missing');
    }
    return err;
  }
}

import pino from 'pino';
import { loadConfig, type TargetConfig } from '../../src/config/config.js';
import { createPoller } from '../../src/poll/create-poller.js';
import { Limiter } from '../../src/poll/limiter.js';
import type { Snapshot } from '../../src/poll/snapshot.js';
import { waitFor } from './wait.js';

/** A real poller (100 ms interval and timeout, no host reads) whose poll slots a test can take away. */
export interface StarvablePoller {
  readonly snapshot: () => Snapshot;
  /** Takes the only poll slot until the returned release is called: no later poll completes. */
  starve(): () => void;
  /** Waits for the stale stand-in (redis_up 0 without a failed poll). */
  untilStale(): Promise<Snapshot>;
  stop(): Promise<void>;
}

export function startStarvablePoller(redisUrl: string, flags: Record<string, string> = {}): StarvablePoller {
  const limiter = new Limiter(1);
  const config = loadConfig(new Map(Object.entries({ 'redis.addr': redisUrl, 'poll.interval': '100ms', 'poll.timeout': '100ms', 'host.collect': 'off', ...flags })), {});
  const poller = createPoller(config, config.targets[0] as TargetConfig, pino({ level: 'silent' }), { limiter });
  poller.start();
  let release: () => void = () => undefined;
  return {
    snapshot: () => poller.snapshot,
    starve() {
      void limiter.run(() => new Promise<void>((r) => (release = r)));
      return () => release();
    },
    untilStale: () =>
      waitFor(
        () => poller.snapshot,
        (x) => !x.up,
        { what: 'the snapshot to go stale' },
      ),
    async stop() {
      release();
      await poller.stop();
    },
  };
}

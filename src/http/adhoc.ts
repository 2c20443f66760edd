import { parseRedisAddress, type RedisAddress } from '../config/address.js';
import type { Config, TargetConfig } from '../config/config.js';
import { Limiter } from '../poll/limiter.js';
import type { Logger } from '../log.js';
import { createPoller } from '../poll/create-poller.js';

const NO_TLS_FILES = { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false };

/** One ad-hoc poll in flight, shared by every request for the same address while it runs. */
interface Shared {
  readonly text: Promise<string>;
  /** Aborted when every request waiting on it has gone: a poll still queued then never runs. */
  readonly cancel: AbortController;
  waiters: number;
  started: boolean;
}

function cancelled(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('client went away'));
    signal.addEventListener('abort', () => reject(new Error('client went away')), { once: true });
  });
}

/**
 * /scrape?target=ADDR for addresses --scrape.allow-addresses admits: one poll, no credentials
 * (a password only ever goes to the targets it was configured for), no series left behind.
 * Ad-hoc polls have their own budget (--scrape.concurrency running, --scrape.queue waiting;
 * beyond that 503), so they never delay the configured targets; requests for one address share
 * one poll, so one address never gets more than one connection from here; a poll whose clients
 * all went away before it started is dropped.
 */
export function adhocScraper(config: Config, logger: Logger): (addr: string, signal: AbortSignal) => Promise<string> {
  const limiter = new Limiter(config.scrape.concurrency, config.scrape.queue);
  const inFlight = new Map<string, Shared>();

  const start = (key: string, address: RedisAddress): Shared => {
    const target: TargetConfig = { name: address.display, address: { ...address, user: '', password: '' }, user: '', password: '', tls: NO_TLS_FILES, labels: {} };
    const state = { cancel: new AbortController(), waiters: 0, started: false };
    const poll = async () => {
      state.started = true;
      const poller = createPoller(config, target, logger);
      try {
        return (await poller.pollOnce()).text;
      } finally {
        await poller.stop();
      }
    };
    const text = limiter.run(poll, state.cancel.signal).finally(() => {
      if (inFlight.get(key) === shared) inFlight.delete(key);
    });
    // Followers may all leave; the poll's own outcome is theirs to see, not an unhandled rejection.
    text.catch(() => undefined);
    const shared: Shared = Object.assign(state, { text });
    inFlight.set(key, shared);
    return shared;
  };

  return async (addr, signal) => {
    let address: RedisAddress;
    try {
      address = parseRedisAddress(addr);
    } catch {
      throw new Error('not a Redis address');
    }
    if (address.kind === 'unix' || !config.scrape.allow.allows(address.host)) throw new Error('target is neither configured nor in --scrape.allow-addresses');
    const key = `${address.display}/${address.db}`;
    const shared = inFlight.get(key) ?? start(key, address);
    shared.waiters++;
    try {
      return await Promise.race([shared.text, cancelled(signal)]);
    } finally {
      if (--shared.waiters === 0 && !shared.started) {
        // Nobody waits for it and it holds no connection yet: drop it before it runs.
        shared.cancel.abort();
        if (inFlight.get(key) === shared) inFlight.delete(key);
      }
    }
  };
}

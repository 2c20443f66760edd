import { parseRedisAddress, type RedisAddress } from '../config/address.js';
import type { Config, TargetConfig } from '../config/config.js';
import type { Limiter } from '../poll/limiter.js';
import type { Logger } from '../log.js';
import { createPoller } from '../poll/create-poller.js';

const NO_TLS_FILES = { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false };

/**
 * /scrape?target=ADDR for addresses --scrape.allow-addresses admits: one poll, no credentials
 * (a password only ever goes to the targets it was configured for), no series left behind.
 */
export function adhocScraper(config: Config, logger: Logger, limiter: Limiter): (addr: string) => Promise<string> {
  return async (addr) => {
    let address: RedisAddress;
    try {
      address = parseRedisAddress(addr);
    } catch {
      throw new Error('not a Redis address');
    }
    if (address.kind === 'unix' || !config.scrape.allow.allows(address.host)) throw new Error('target is neither configured nor in --scrape.allow-addresses');
    const target: TargetConfig = { name: address.display, address: { ...address, user: '', password: '' }, user: '', password: '', tls: NO_TLS_FILES, labels: {} };
    const poller = createPoller(config, target, logger, { limiter });
    try {
      return (await poller.pollOnce()).text;
    } finally {
      await poller.stop();
    }
  };
}

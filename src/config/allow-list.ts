import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../errors.js';

/**
 * Addresses /scrape?target= may poll ad hoc. Empty by default: only configured targets can be
 * named, so a request can never make the exporter connect somewhere nobody configured.
 */
export interface AllowList {
  readonly empty: boolean;
  allows(host: string): boolean;
  readonly text: string;
}

/** `flag` names the flag in errors (the same syntax serves --scrape.allow-addresses and --cluster.allow-addresses). */
export function parseAllowList(raw: string, flag = 'scrape.allow-addresses'): AllowList {
  const blocks = new BlockList();
  const hosts = new Set<string>();
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const e of entries) {
    const [addr = '', bits] = e.split('/');
    const family = isIP(addr);
    if (family !== 0) {
      const type = family === 6 ? 'ipv6' : 'ipv4';
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
        throw new ConfigError(`--${flag}: "${e}" has an invalid prefix length`);
      }
      blocks.addSubnet(addr, prefix, type);
    } else if (bits === undefined && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(e)) {
      hosts.add(e.toLowerCase());
    } else {
      throw new ConfigError(`--${flag}: "${e}" is neither a CIDR (10.0.0.0/8) nor a host name`);
    }
  }
  return {
    empty: entries.length === 0,
    text: entries.join(','),
    allows(host: string) {
      const family = isIP(host);
      // A name is allowed only when listed itself: a CIDR never admits a name, whose address could change.
      if (family === 0) return hosts.has(host.toLowerCase());
      return blocks.check(host, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

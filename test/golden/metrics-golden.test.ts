import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderText } from '../helpers/exposition.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseClusterInfo } from '../../src/parse/cluster-info.js';
import type { PollExtras } from '../../src/collectors/types.js';
import { replayPoll } from '../helpers/replay.js';

/**
 * /metrics text for captured INFO + CONFIG replies, compared with files under test/golden/output/.
 * After an intended change: `npm run test:update-golden`, then review the diff like code.
 */
const dir = new URL('./output/', import.meta.url);
const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const config = new RedisConfigValues(Object.entries(JSON.parse(fixture('config/redis-7.0.json')) as Record<string, string>));
const NOW = 1_800_000_000;

/** What the cluster-info and sentinel fetchers gather, from captured replies. */
const CLUSTER_EXTRAS: PollExtras = { clusterInfo: parseClusterInfo(fixture('info/redis-7.0-cluster-info.txt')) };
const SENTINEL_EXTRAS: PollExtras = {
  sentinel: [
    { name: 'mymaster', address: '127.0.0.1:16401', ckquorum: { ok: true, message: 'OK 1 usable Sentinels. Quorum and failover authorization can be reached' }, okSentinels: 1, okSlaves: 1 },
    {
      name: 'other',
      address: '127.0.0.1:16499',
      ckquorum: { ok: false, message: 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master' },
      okSentinels: 1,
      okSlaves: 0,
    },
  ],
};

const cases: [name: string, info: string, withConfig: boolean, compat: boolean, extras?: PollExtras][] = [
  ['redis-7.0-master', 'info/redis-7.0-master.txt', true, true],
  ['redis-7.0-master-nocompat', 'info/redis-7.0-master.txt', true, false],
  ['redis-7.0-replica', 'info/redis-7.0-replica.txt', false, true],
  ['redis-5.0', 'info/redis-5.0.txt', false, true],
  ['redis-7.4', 'info/redis-7.4.txt', false, true],
  ['valkey-8.0', 'info/valkey-8.0.txt', false, true],
  ['malformed', 'info/malformed.txt', false, true],
  ['redis-7.0-cluster', 'info/redis-7.0-cluster.txt', true, true, CLUSTER_EXTRAS],
  ['redis-7.0-cluster-nocompat', 'info/redis-7.0-cluster.txt', true, false, CLUSTER_EXTRAS],
  ['redis-7.0-sentinel', 'info/redis-7.0-sentinel.txt', false, true, SENTINEL_EXTRAS],
];

describe('golden /metrics output', () => {
  it.each(cases)('%s', async (name, infoFile, withConfig, compat, extras = {}) => {
    const { samples, collectors } = await replayPoll({ info: fixture(infoFile), config: withConfig ? config : undefined, now: NOW, compat, extras });
    expect([...collectors.values()].every((h) => h.success)).toBe(true);
    const text = renderText(samples);
    const file = new URL(`${name}.prom`, dir);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, text);
      if (!process.env.UPDATE_GOLDEN) throw new Error(`wrote missing golden file ${name}.prom; review it and re-run`);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createPoller } from '../../src/poll/create-poller.js';
import { TargetSet } from '../../src/targets/target-set.js';

describe('TargetSet', () => {
  it("adds nothing once stopAll() has begun (a seed's last poll must not start a discovered node)", async () => {
    const config = loadConfig(
      new Map([
        ['redis.addr', 'redis://127.0.0.1:1'],
        ['host.collect', 'off'],
      ]),
      {},
    );
    const created: string[] = [];
    const targets = new TargetSet((t) => {
      created.push(t.name);
      return createPoller(config, t, pino({ level: 'silent' }));
    }, false);
    const seed = config.targets[0];
    if (!seed) throw new Error('no target in config');
    expect(targets.add(seed)).toBeDefined();
    const stopping = targets.stopAll();
    expect(targets.add({ ...seed, name: 'discovered' }, seed.name)).toBeUndefined();
    await stopping;
    expect(created).toEqual([seed.name]);
    expect(targets.list().map((e) => e.target.name)).toEqual([seed.name]);
  });
});

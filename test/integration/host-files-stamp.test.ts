import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import { createPoller } from '../../src/poll/create-poller.js';
import { parseExposition } from '../helpers/exposition.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The persistence files are statted again only when INFO shows Redis wrote them (or the slow
 * window passed): every write Redis makes must still show in the very poll after it.
 */
afterAll(stopAllRedis);

function pollerFor(url: string, slowMs: number) {
  const config = loadConfig(new Map([['redis.addr', url]]), {});
  const hostReads = new SharedHostReads(0, undefined, slowMs);
  return createPoller(config, config.targets[0]!, pino({ level: 'silent' }), { hostReads });
}

const sizes = (text: string) => {
  const m = parseExposition(text);
  return { rdb: m.get('redis_rdb_file_size_bytes'), base: m.get('redis_aof_files_size_bytes', { type: 'base' }), incr: m.get('redis_aof_files_size_bytes', { type: 'incr' }) };
};

describe('persistence files follow what Redis writes, poll by poll', () => {
  it('a SAVE, an AOF append and a rewrite each show in the next poll; a change Redis did not make waits for the slow window', async () => {
    const redis = await startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    const poller = pollerFor(redis.url, 60 * 60_000);
    const aofDir = join(redis.dir, 'appendonlydir');
    const onDisk = () => ({
      rdb: statSync(join(redis.dir, 'dump.rdb'), { throwIfNoEntry: false })?.size,
      base: statSync(join(aofDir, 'appendonly.aof.1.base.rdb'), { throwIfNoEntry: false })?.size ?? statSync(join(aofDir, 'appendonly.aof.2.base.rdb')).size,
      incr: statSync(join(aofDir, 'appendonly.aof.1.incr.aof'), { throwIfNoEntry: false })?.size ?? statSync(join(aofDir, 'appendonly.aof.2.incr.aof')).size,
    });
    try {
      await poller.pollOnce();
      expect(sizes((await poller.pollOnce()).text)).toEqual(onDisk());

      await redis.cmd('SET', 'k', 'x'.repeat(500));
      const appended = onDisk();
      expect(sizes((await poller.pollOnce()).text)).toEqual(appended);

      expect(await redis.cmd('SAVE')).toBe('OK');
      const saved = onDisk();
      expect(saved.rdb).toBeGreaterThan(50);
      expect(sizes((await poller.pollOnce()).text)).toEqual(saved);

      await redis.cmd('BGREWRITEAOF');
      await waitFor(
        () => redis.info('persistence'),
        (i) => /aof_rewrite_in_progress:0/.test(i) && /aof_rewrites:1\r?\n/.test(i),
        { what: 'rewrite done' },
      );
      const rewritten = onDisk();
      expect(sizes((await poller.pollOnce()).text)).toEqual(rewritten);

      // Not written by Redis: INFO cannot tell, so the last stats stand until the slow window ends.
      writeFileSync(join(redis.dir, 'dump.rdb'), Buffer.alloc(3));
      expect(sizes((await poller.pollOnce()).text).rdb).toBe(rewritten.rdb);
    } finally {
      await poller.stop();
    }
  });

  it('a change Redis did not make shows once the slow window has passed', async () => {
    const redis = await startRedis();
    expect(await redis.cmd('SAVE')).toBe('OK');
    const poller = pollerFor(redis.url, 200);
    try {
      const before = sizes((await poller.pollOnce()).text).rdb;
      expect(before).toBe(statSync(join(redis.dir, 'dump.rdb')).size);
      writeFileSync(join(redis.dir, 'dump.rdb'), Buffer.alloc(3));
      await waitFor(
        async () => sizes((await poller.pollOnce()).text).rdb,
        (rdb) => rdb === 3,
        { what: 'the replaced RDB file' },
      );
    } finally {
      await poller.stop();
    }
  });
});

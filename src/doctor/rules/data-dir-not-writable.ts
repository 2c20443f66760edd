import type { Rule } from '../types.js';

export const dataDirNotWritable: Rule = {
  id: 'data-dir-not-writable',
  severity: 'critical',
  title: 'Redis cannot write its data directory',
  when: 'the Redis process\'s user cannot create files in `dir`, or its filesystem is mounted read-only',
  remedy: [
    'Check ownership: `ls -la /var/lib/redis/`; it should belong to the redis user: `chown redis:redis /var/lib/redis /var/lib/redis/*`.',
    'A read-only filesystem (after disk errors the kernel remounts it so): check `dmesg` and `mount | grep /var/lib/redis`.',
    'Then run `redis-cli BGSAVE` and check `rdb_last_bgsave_status:ok`.',
  ],
  evaluate(input) {
    const dir = input.extras.host?.dataDir;
    if (!dir || (dir.writable === undefined && dir.readOnly === undefined)) return undefined;
    const evidence = { writable_by_redis: dir.writable === undefined ? 'unknown' : String(dir.writable), read_only_mount: dir.readOnly === undefined ? 'unknown' : String(dir.readOnly) };
    if (dir.readOnly === true) return { failing: true, summary: 'The data directory\'s filesystem is mounted read-only: every save fails.', evidence };
    if (dir.writable === false) return { failing: true, summary: 'The Redis user cannot create files in its data directory: every save fails.', evidence };
    return { failing: false, summary: 'Redis can write its data directory.', evidence };
  },
};

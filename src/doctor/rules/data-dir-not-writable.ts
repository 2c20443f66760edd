import { dirText, hostValues, onRedisHost } from '../host-values.js';
import type { Rule } from '../types.js';

export const dataDirNotWritable: Rule = {
  id: 'data-dir-not-writable',
  severity: 'critical',
  title: 'Redis cannot write its data directory',
  when: "the Redis process's user cannot create files in `dir`, or its filesystem is mounted read-only",
  remedy: [
    "Give the Redis process's user its data dir: `chown <uid>:<gid> <dir>` (the doctor prints this host's values) and `ls -la <dir>`.",
    'A read-only filesystem (after disk errors the kernel remounts it so): check `dmesg` and `findmnt <dir>`.',
    'Then run `redis-cli BGSAVE` and check `rdb_last_bgsave_status:ok`.',
  ],
  evaluate(input) {
    const dir = input.extras.host?.dataDir;
    if (!dir || (dir.writable === undefined && dir.readOnly === undefined)) return undefined;
    const v = hostValues(input);
    const evidence = {
      ...(v.dir ? { data_dir: v.dir } : {}),
      writable_by_redis: dir.writable === undefined ? 'unknown' : String(dir.writable),
      read_only_mount: dir.readOnly === undefined ? 'unknown' : String(dir.readOnly),
      ...(dir.redisUid !== undefined ? { redis_uid: dir.redisUid, redis_gid: dir.redisGid ?? 'unknown' } : {}),
    };
    const bgsave = `Then \`${v.cli} BGSAVE\` and check \`${v.cli} INFO persistence\` shows rdb_last_bgsave_status:ok.`;
    if (dir.readOnly === true) {
      const where = dir.mountPoint ?? v.dir ?? 'the data dir';
      return {
        failing: true,
        summary: `The data directory's filesystem${dir.mountPoint ? ` (${dir.mountPoint})` : ''} is mounted read-only: every save fails.`,
        evidence,
        remedy: [
          `Find why it is read-only (after disk errors the kernel remounts it so): ${onRedisHost(v, 'dmesg | tail -n 50')}, ${onRedisHost(v, `findmnt -T ${where}`)}.`,
          `Repair the filesystem, or remount it read-write: ${onRedisHost(v, `mount -o remount,rw ${where}`)}. ${bgsave}`,
        ],
      };
    }
    if (dir.writable === false) {
      const owner = dir.redisUid !== undefined ? `${dir.redisUid}:${dir.redisGid ?? dir.redisUid}` : undefined;
      const chown = owner && v.dir ? onRedisHost(v, `chown ${owner} ${v.dir}`) : `\`chown\` ${dirText(v)} to the Redis user`;
      return {
        failing: true,
        summary: `The Redis user${owner ? ` (uid:gid ${owner})` : ''} cannot create files in its data directory: every save fails.`,
        evidence,
        remedy: [`Give the Redis process's user its data dir: ${chown}${v.dir ? `, then check with ${onRedisHost(v, `ls -ld ${v.dir}`)}` : ''}.`, bgsave],
      };
    }
    return { failing: false, summary: 'Redis can write its data directory.', evidence };
  },
};

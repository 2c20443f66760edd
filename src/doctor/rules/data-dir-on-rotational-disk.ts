import { hostValues, onRedisHost } from '../host-values.js';
import type { Rule } from '../types.js';

export const dataDirOnRotationalDisk: Rule = {
  id: 'data-dir-on-rotational-disk',
  severity: 'info',
  title: 'Data directory on a rotational disk',
  when: 'the block device under the data directory reports `queue/rotational` = 1 (a spinning disk, or a virtual disk that says so)',
  remedy: [
    'The guide: "Use SSDs for Redis data directory": AOF fsync and RDB writes on a spinning disk stall Redis ("Asynchronous AOF fsync is taking too long").',
    'Check with `lsblk -d -o NAME,ROTA`; move `dir` to an SSD (`dir` in redis.conf, then restart).',
  ],
  evaluate(input) {
    const disk = input.extras.host?.diskIo?.disk;
    if (!disk || disk.rotational === undefined) return undefined;
    const evidence = { disk: disk.name ?? 'unknown', rotational: String(disk.rotational) };
    if (!disk.rotational) return { failing: false, summary: `The data directory's disk${disk.name ? ` ${disk.name}` : ''} is not rotational.`, evidence };
    const v = hostValues(input);
    return {
      failing: true,
      summary: `The data directory's disk${disk.name ? ` ${disk.name}` : ''} reports itself rotational: fsyncs and saves are slow on spinning disks.`,
      evidence,
      remedy: [
        'The guide: "Use SSDs for Redis data directory": AOF fsync and RDB writes on a spinning disk stall Redis ("Asynchronous AOF fsync is taking too long").',
        `Check ${onRedisHost(v, `lsblk -d -o NAME,ROTA${disk.name ? ` /dev/${disk.name}` : ''}`)} (virtual disks sometimes claim 1); if it really spins, move ${v.dir ? `\`${v.dir}\`` : 'the data dir'} to an SSD (\`dir\` in ${v.configFile || 'the config file'}, then restart Redis).`,
      ],
    };
  },
};

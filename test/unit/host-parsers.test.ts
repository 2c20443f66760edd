import { describe, expect, it } from 'vitest';
import { parseAofManifest, splitArgs } from '../../src/parse/aof-manifest.js';
import { findDiskStat, parseDiskstats, utilizationRatio, type DiskStat } from '../../src/parse/diskstats.js';
import { parseMeminfo } from '../../src/parse/meminfo.js';
import { isReadOnly, mountFor, parseMountinfo } from '../../src/parse/mountinfo.js';
import { parseProcStatus, parseSmapsRollupAnonHuge } from '../../src/parse/proc-status.js';
import { parseOvercommitMemory } from '../../src/parse/sysctl.js';
import { parseChoiceFile } from '../../src/parse/thp.js';

describe('parseMeminfo', () => {
  it('converts kB to bytes and leaves fields the kernel lacks undefined', () => {
    const m = parseMeminfo('MemTotal:       16384 kB\nMemFree:  1 kB\nSwapTotal:  0 kB\nSwapFree: 0 kB\nCommitLimit:  8192 kB\nCommitted_AS:   4096 kB\n');
    expect(m).toEqual({ totalBytes: 16777216, availableBytes: undefined, swapTotalBytes: 0, swapFreeBytes: 0, commitLimitBytes: 8388608, committedAsBytes: 4194304 });
  });
  it.each(['', 'garbage\n', 'MemTotal: lots\n'])('rejects text that is not meminfo: %j', (text) => {
    expect(() => parseMeminfo(text)).toThrow(/meminfo has none of/);
  });
});

describe('parseOvercommitMemory', () => {
  it.each([
    ['0\n', 0],
    ['1\n', 1],
    ['2', 2],
  ])('%j → %i', (text, v) => expect(parseOvercommitMemory(text)).toBe(v));
  it.each(['3\n', '', 'one', '1 2'])('rejects %j', (text) => expect(() => parseOvercommitMemory(text)).toThrow(/overcommit_memory/));
});

describe('parseChoiceFile (THP)', () => {
  it.each([
    ['[always] madvise never\n', 'always', ['always', 'madvise', 'never']],
    ['always [madvise] never\n', 'madvise', ['always', 'madvise', 'never']],
    ['always madvise [never]\n', 'never', ['always', 'madvise', 'never']],
    ['always defer defer+madvise [madvise] never\n', 'madvise', ['always', 'defer', 'defer+madvise', 'madvise', 'never']],
  ])('%j → active %s', (text, active, modes) => expect(parseChoiceFile(text, 'f')).toEqual({ active, modes }));
  it.each([
    ['always madvise never', /no mode in brackets/],
    ['[always] [never]', /more than one/],
    ['always [mad vise]', /unexpected word/],
    ['', /no mode in brackets/],
  ])('rejects %j', (text, err) => expect(() => parseChoiceFile(text, 'f')).toThrow(err));
});

describe('parseProcStatus', () => {
  const status = 'Name:\tredis-server\nNSpid:\t4242\t1\nUid:\t999\t998\t997\t996\nGid:\t50\t51\t52\t53\nGroups:\t4 27 \nVmSwap:\t    1024 kB\nCapEff:\t0000000000000002\n';
  it('takes the fs uid/gid (4th column), groups, CapEff and VmSwap', () => {
    expect(parseProcStatus(status)).toEqual({
      name: 'redis-server',
      credentials: { fsUid: 996, fsGid: 53, groups: [4, 27], capEff: 2n },
      vmSwapBytes: 1048576,
    });
  });
  it('reads THP_enabled (Linux 5.0+): false once the process disabled THP for itself', () => {
    expect(parseProcStatus(`${status}THP_enabled:\t0\n`).thpEnabled).toBe(false);
    expect(parseProcStatus(`${status}THP_enabled:\t1\n`).thpEnabled).toBe(true);
    expect(parseProcStatus(status).thpEnabled).toBeUndefined();
  });
  it('reads RssAnon (Linux 4.5+), which the smaps_rollup gate compares between polls', () => {
    expect(parseProcStatus(`${status}RssAnon:\t    2932 kB\n`).rssAnonBytes).toBe(2932 * 1024);
    expect(parseProcStatus(status).rssAnonBytes).toBeUndefined();
  });
  it('accepts an empty Groups line and a kernel thread without VmSwap', () => {
    const s = parseProcStatus('Name:\tkthreadd\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t \nCapEff:\t000001ffffffffff\n');
    expect(s.credentials.groups).toEqual([]);
    expect(s.vmSwapBytes).toBeUndefined();
  });
  it.each([
    ['Name:\tx\nGid:\t0 0 0 0\nGroups:\t\nCapEff:\t0\n', /Uid/],
    ['Name:\tx\nUid:\t0 0\nGid:\t0 0 0 0\nGroups:\t\nCapEff:\t0\n', /Uid/],
    ['Name:\tx\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nGroups:\t\nCapEff:\tzz\n', /CapEff/],
  ])('rejects a malformed status', (text, err) => expect(() => parseProcStatus(text)).toThrow(err));
});

describe('parseSmapsRollupAnonHuge', () => {
  it('skips the address header and reads AnonHugePages', () => {
    const text = '55d0-7ffd ---p 00000000 00:00 0    [rollup]\nRss:  6680 kB\nAnonHugePages:    4096 kB\n';
    expect(parseSmapsRollupAnonHuge(text)).toBe(4194304);
  });
  it('fails without the line', () => expect(() => parseSmapsRollupAnonHuge('Rss: 1 kB\n')).toThrow(/AnonHugePages/));
});

describe('parseDiskstats and utilizationRatio', () => {
  const text = [
    '   8       0 sda 120033 4410 9841822 61022 880412 702210 51200000 2410330 3 1000000 2471352 0 0 0 0 20113 9870',
    '   8       1 sda1 322 0 10234 120', // a pre-2.6.25 partition line: too few counters
    '   8       2 sda2 1 2 3 4 5 6 7 8 9 10 11',
    ' 253       0 dm-0 1 2 3 x 5 6 7 8 9 10 11',
    '',
  ].join('\n');
  it('keeps the exported counters and skips short or non-numeric lines', () => {
    const stats = parseDiskstats(text);
    expect(stats.map((s) => s.name)).toEqual(['sda', 'sda2']);
    expect(findDiskStat(stats, 8, 0)).toEqual({ major: 8, minor: 0, name: 'sda', sectorsWritten: 51200000, writeTimeMs: 2410330, ioInProgress: 3, ioTicksMs: 1000000 });
    expect(findDiskStat(stats, 8, 2)?.ioTicksMs).toBe(10);
  });
  const at = (ticks: number, minor = 0): DiskStat => ({ major: 8, minor, name: 'sda', sectorsWritten: 0, writeTimeMs: 0, ioInProgress: 0, ioTicksMs: ticks });
  it.each([
    ['half busy', at(1000), at(2000), 2000, 0.5],
    ['idle', at(1000), at(1000), 5000, 0],
    ['jiffy rounding past 100% clamps to 1', at(0), at(5004), 5000, 1],
    ['first reading', undefined, at(10), 5000, undefined],
    ['counter reset (device re-created)', at(9000), at(10), 5000, undefined],
    ['another device', at(0, 1), at(100), 5000, undefined],
    ['no time elapsed', at(0), at(10), 0, undefined],
  ])('%s', (_what, prev, cur, ms, want) => expect(utilizationRatio(prev, cur, ms)).toBe(want));
});

describe('parseMountinfo and mountFor', () => {
  const text = [
    '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
    '40 26 8:17 / /var/lib/redis rw,noatime shared:5 - xfs /dev/sdb1 rw,attr2',
    '41 26 8:33 / /srv/my\\040data ro,relatime - ext4 /dev/sdc1 rw',
    '42 40 0:50 / /var/lib/redis/tmp rw - tmpfs tmpfs rw',
    '43 26 8:49 / /mnt/broken rw,relatime - ext4 /dev/sdd1 ro,errors=remount-ro',
    '44 26 8:65 / /var/lib/redis rw - ext4 /dev/sde1 rw',
    '45 26 sdf / /no/device/numbers rw - ext4 /dev/sdf1 rw',
    'not a mountinfo line',
  ].join('\n');
  const entries = parseMountinfo(text);
  it('parses options after optional fields and octal escapes; skips a line without major:minor', () => {
    expect(entries).toHaveLength(6);
    expect(entries[1]).toMatchObject({ mountPoint: '/var/lib/redis', fsType: 'xfs', source: '/dev/sdb1' });
    expect(entries[2]?.mountPoint).toBe('/srv/my data');
  });
  it.each([
    ['/var/lib/redis', '/dev/sde1'], // over-mounted: the later line is on top
    ['/var/lib/redis/db', '/dev/sde1'],
    ['/var/lib/redis/tmp/x', 'tmpfs'],
    ['/var/lib/redisx', '/dev/vda'], // a prefix of the name is not an ancestor
    ['/srv/my data/6379', '/dev/sdc1'],
    ['/', '/dev/vda'],
  ])('%s is on %s', (path, source) => expect(mountFor(entries, path)?.source).toBe(source));
  it('read-only: per-mount ro or a read-only superblock (errors=remount-ro fired)', () => {
    expect(isReadOnly(mountFor(entries, '/srv/my data') as never)).toBe(true);
    expect(isReadOnly(mountFor(entries, '/mnt/broken/x') as never)).toBe(true);
    expect(isReadOnly(mountFor(entries, '/var/lib/redis') as never)).toBe(false);
  });
});

describe('parseAofManifest', () => {
  it('reads the Redis 7.0 format', () => {
    const text = 'file appendonly.aof.3.base.rdb seq 3 type b\nfile appendonly.aof.2.incr.aof seq 2 type h\nfile appendonly.aof.5.incr.aof seq 5 type i\nfile appendonly.aof.6.incr.aof seq 6 type i\n';
    expect(parseAofManifest(text)).toEqual([
      { file: 'appendonly.aof.3.base.rdb', type: 'base' },
      { file: 'appendonly.aof.2.incr.aof', type: 'history' },
      { file: 'appendonly.aof.5.incr.aof', type: 'incr' },
      { file: 'appendonly.aof.6.incr.aof', type: 'incr' },
    ]);
  });
  it('accepts keys in any order, later keys (startoffset), comments and quoted names', () => {
    const text = '# comment\ntype i seq 7 file "my aof\\x01.7.incr.aof" startoffset 100 endoffset 200\nfile "caf\\xc3\\xa9.1.base.rdb" seq 1 type b\n';
    expect(parseAofManifest(text).map((e) => e.file)).toEqual(['my aof\x01.7.incr.aof', 'café.1.base.rdb']);
  });
  it.each([
    ['file a seq 1 type x\n', /line 1: needs file, seq and type/],
    ['file a seq 1 type\n', /line 1: not key\/value pairs/],
    ['\nfile "unterminated seq 1 type b\n', /line 2: not key\/value pairs/],
    ['file ../../etc/passwd seq 1 type b\n', /not a plain name/],
    ['file a seq one type b\n', /needs file, seq and type/],
  ])('rejects %j', (text, err) => expect(() => parseAofManifest(text)).toThrow(err));
  it('splitArgs follows sdssplitargs quoting', () => {
    expect(splitArgs(`a "b c" 'd\\'e' "\\n\\t\\"" x`)).toEqual(['a', 'b c', "d'e", '\n\t"', 'x']);
    expect(splitArgs('"closed"glued')).toBeUndefined();
    expect(splitArgs("'open")).toBeUndefined();
  });
});

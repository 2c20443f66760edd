import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canCreateIn } from '../../src/host/access.js';
import { resolveDisk, splitDev } from '../../src/host/block-device.js';
import type { ProcessCredentials } from '../../src/parse/proc-status.js';
import { HOST_FIXTURES } from '../helpers/host-fixture.js';

const redis: ProcessCredentials = { fsUid: 999, fsGid: 999, groups: [999], capEff: 0n };
const root: ProcessCredentials = { fsUid: 0, fsGid: 0, groups: [], capEff: 0x1fffeffffffn };
const rootNoCaps: ProcessCredentials = { fsUid: 0, fsGid: 0, groups: [], capEff: 0n };

describe('canCreateIn: may this process create a file in dir?', () => {
  it.each([
    ['owner with rwx', { mode: 0o40700, uid: 999, gid: 0 }, redis, true],
    ['owner without w', { mode: 0o40500, uid: 999, gid: 0 }, redis, false],
    ['owner without x (cannot search)', { mode: 0o40600, uid: 999, gid: 0 }, redis, false],
    ['owner class is exclusive: group bits do not help the owner', { mode: 0o40570, uid: 999, gid: 999 }, redis, false],
    ['group member via primary gid', { mode: 0o40770, uid: 0, gid: 999 }, redis, true],
    ['group member via supplementary group', { mode: 0o40770, uid: 0, gid: 27 }, { ...redis, groups: [999, 27] }, true],
    ['group without w', { mode: 0o40750, uid: 0, gid: 999 }, redis, false],
    ['other: root-owned 0755 (the nobody case)', { mode: 0o40755, uid: 0, gid: 0 }, redis, false],
    ['other: 0777', { mode: 0o40777, uid: 0, gid: 0 }, redis, true],
    ['other: sticky 1777 (like /tmp)', { mode: 0o41777, uid: 0, gid: 0 }, redis, true],
    ['root with CAP_DAC_OVERRIDE ignores the bits', { mode: 0o40000, uid: 999, gid: 999 }, root, true],
    ['root without capabilities is held to the bits', { mode: 0o40755, uid: 999, gid: 999 }, rootNoCaps, false],
  ])('%s', (_what, dir, who, want) => expect(canCreateIn(dir, who)).toBe(want));
});

describe('splitDev (glibc major/minor encoding)', () => {
  // glibc's makedev, written out independently of the code under test.
  const makedev = (major: bigint, minor: bigint) => (minor & 0xffn) | ((major & 0xfffn) << 8n) | ((minor & ~0xffn) << 12n) | ((major & ~0xfffn) << 32n);
  it.each([
    [254, 0],
    [8, 2],
    [259, 65537], // minor past 255 uses the high bits
    [4096, 5], // major past 4095 too
  ])('%i:%i round-trips', (major, minor) => {
    expect(splitDev(makedev(BigInt(major), BigInt(minor)))).toEqual({ major, minor });
  });
  it('agrees with findmnt(8) on the device of /tmp', () => {
    const r = spawnSync('findmnt', ['-no', 'MAJ:MIN', '-T', '/tmp'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`findmnt (util-linux) failed: ${r.stderr}`);
    const [major, minor] = r.stdout.trim().split(':').map(Number);
    expect(splitDev(statSync('/tmp', { bigint: true }).dev)).toEqual({ major, minor });
  });
});

describe('resolveDisk (sysfs fixture)', () => {
  const sys = join(HOST_FIXTURES, 'diskio/sys');
  it.each([
    [
      { major: 8, minor: 2 },
      { major: 8, minor: 0, name: 'sda' },
    ], // partition → its disk
    [
      { major: 8, minor: 0 },
      { major: 8, minor: 0, name: 'sda' },
    ],
    [
      { major: 259, minor: 1 },
      { major: 259, minor: 0, name: 'nvme0n1' },
    ],
    [
      { major: 253, minor: 0 },
      { major: 253, minor: 0, name: 'dm-0' },
    ], // device mapper: itself
  ])('%o → %o', async (dev, want) => expect(await resolveDisk(sys, dev)).toEqual(want));
  it('anonymous devices (tmpfs, overlayfs: major 0) have no disk', async () => {
    expect(await resolveDisk(sys, { major: 0, minor: 45 })).toBeUndefined();
  });
  it('an unknown device number is an error naming the sysfs path', async () => {
    await expect(resolveDisk(sys, { major: 65, minor: 7 })).rejects.toThrow(/cannot read .*dev\/block\/65:7: ENOENT/);
  });
});

import { describe, expect, it } from 'vitest';
import { PAGE_R, PAGE_SIZE, PAGE_W } from '../../../cpu/PhysicalMemory.js';
import { FLASH_BASE, FLASH_SECTOR_SIZE, FLASH_SIZE } from '../../../devices/Flash.js';
import { Errno } from '../../errno.js';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { UserMemory } from '../../UserMemory.js';
import type { OpenFile } from '../OpenFile.js';
import { O_RDONLY, O_RDWR, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET } from '../openFlags.js';
import { buildRomfsImage } from '../romfs/RomfsBuilder.js';
import { romMachine } from '../romfs/testing.js';
import { MEMERASE, MEMERASE64, MEMGETINFO, MTD_INFO_USER_SIZE } from './mtdChar.js';

const USER = 0x8000_0000;

function setup() {
  const image = buildRomfsImage({ kind: 'directory', mode: 0o755, entries: new Map([['data', { kind: 'file', mode: 0o644, data: new Uint8Array(100).fill(7) }]]) });
  const machine = romMachine(image);
  machine.physical.setUserAccess(USER, PAGE_SIZE, PAGE_R | PAGE_W);
  const mem = new UserMemory(machine.physical);
  const ioctl = (file: OpenFile, request: number, words: number[] = []) => {
    machine.physical.load(USER, new Uint8Array(new Uint32Array(words).buffer));
    return file.ops.ioctl!(file, request, USER, mem);
  };
  const readAt = (file: OpenFile, position: number, length: number) => {
    file.seek(position, SEEK_SET);
    const into = new Uint8Array(length);
    const count = file.read(into);
    return typeof count === 'number' && count >= 0 ? into.subarray(0, count) : count;
  };
  return { ...machine, image, mem, ioctl, readAt };
}

describe('/dev/mtd0', () => {
  it('reads the chip from offset 0: the romfs image, then erased flash, and end of file at its size', () => {
    const { openOrThrow, image, readAt } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDONLY);
    expect(readAt(mtd, 0, image.length)).toEqual(image);
    expect(readAt(mtd, image.length, 4)).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    expect(readAt(mtd, FLASH_SIZE - 2, 10)).toEqual(new Uint8Array([0xff, 0xff]));
    expect(readAt(mtd, FLASH_SIZE, 10)).toEqual(new Uint8Array(0));
  });

  it('seeks within the chip only', () => {
    const { openOrThrow } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDONLY);
    expect(mtd.seek(0, SEEK_END)).toBe(FLASH_SIZE);
    expect(mtd.seek(-16, SEEK_CUR)).toBe(FLASH_SIZE - 16);
    expect(mtd.seek(1, SEEK_END)).toBe(-Errno.EINVAL);
    expect(mtd.seek(-1, SEEK_SET)).toBe(-Errno.EINVAL);
    expect(mtd.position).toBe(FLASH_SIZE - 16);
  });

  it('programs by clearing bits; setting one back is EIO; writing at the end is ENOSPC', () => {
    const { openOrThrow, readAt } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDWR);
    const at = 2 * FLASH_SECTOR_SIZE;
    mtd.seek(at, SEEK_SET);
    expect(mtd.write(new Uint8Array([0x5a, 0x00]))).toBe(2);
    expect(readAt(mtd, at, 2)).toEqual(new Uint8Array([0x5a, 0x00]));
    mtd.seek(at, SEEK_SET);
    expect(mtd.write(new Uint8Array([0xff]))).toBe(-Errno.EIO);
    mtd.seek(0, SEEK_END);
    expect(mtd.write(new Uint8Array([0]))).toBe(-Errno.ENOSPC);
  });

  it('describes itself with MEMGETINFO as NOR flash with 64 KiB erase blocks', () => {
    const { openOrThrow, ioctl, mem } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDONLY);
    expect(ioctl(mtd, MEMGETINFO)).toBe(0);
    const info = mem.copyIn(USER, MTD_INFO_USER_SIZE) as Uint8Array;
    const view = new DataView(info.buffer);
    expect(info[0]).toBe(3);
    expect([4, 8, 12, 16, 20].map((offset) => view.getUint32(offset, true))).toEqual([0xc00, FLASH_SIZE, FLASH_SECTOR_SIZE, 1, 0]);
    expect(ioctl(mtd, 0x4d00)).toBe(-Errno.ENOTTY);
  });

  it('erases whole sectors with MEMERASE and MEMERASE64, needing write access', () => {
    const { openOrThrow, ioctl, readAt } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDWR);
    expect(readAt(mtd, 0, 8)).not.toEqual(new Uint8Array(8).fill(0xff));
    expect(ioctl(mtd, MEMERASE, [0, FLASH_SECTOR_SIZE])).toBe(0);
    expect(readAt(mtd, 0, 8)).toEqual(new Uint8Array(8).fill(0xff));
    mtd.seek(FLASH_SECTOR_SIZE, SEEK_SET);
    mtd.write(new Uint8Array(4));
    expect(ioctl(mtd, MEMERASE64, [FLASH_SECTOR_SIZE, 0, FLASH_SECTOR_SIZE, 0])).toBe(0);
    expect(readAt(mtd, FLASH_SECTOR_SIZE, 4)).toEqual(new Uint8Array(4).fill(0xff));
    expect(ioctl(mtd, MEMERASE, [4096, FLASH_SECTOR_SIZE])).toBe(-Errno.EINVAL);
    expect(ioctl(mtd, MEMERASE, [FLASH_SIZE - FLASH_SECTOR_SIZE, 2 * FLASH_SECTOR_SIZE])).toBe(-Errno.EINVAL);
    expect(ioctl(openOrThrow('/dev/mtd0', O_RDONLY), MEMERASE, [0, FLASH_SECTOR_SIZE])).toBe(-Errno.EPERM);
  });

  it('has a read-only twin, /dev/mtd0ro', () => {
    const { open } = setup();
    expect(open('/dev/mtd0ro', O_WRONLY)).toBe(-Errno.EACCES);
    expect(typeof open('/dev/mtd0ro', O_RDONLY)).toBe('object');
  });

  it('maps the chip in place for shared read-only mappings only, as mtdchar does without an MMU', () => {
    const { openOrThrow, map, newMm } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDWR);
    expect(map(newMm(), mtd, PAGE_SIZE, PROT_READ, MAP_SHARED, 16)).toBe(FLASH_BASE + 16 * PAGE_SIZE);
    expect(map(newMm(), mtd, PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBe(-Errno.EACCES);
    expect(map(newMm(), mtd, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.EINVAL);
    expect(map(newMm(), mtd, 2 * PAGE_SIZE, PROT_READ, MAP_SHARED, FLASH_SIZE / PAGE_SIZE - 1)).toBe(-Errno.EINVAL);
  });

  it('refuses to erase or program with EBUSY while the chip is mapped in place, and not after', () => {
    const { openOrThrow, map, newMm, mmap, ioctl } = setup();
    const mtd = openOrThrow('/dev/mtd0', O_RDWR);
    const mm = newMm();
    const addr = map(mm, openOrThrow('/rom/data', O_RDONLY), 100, PROT_READ, MAP_PRIVATE);
    expect(addr >>> 0).toBeLessThan(FLASH_BASE + FLASH_SIZE);
    const far = FLASH_SIZE - FLASH_SECTOR_SIZE;
    expect(ioctl(mtd, MEMERASE, [far, FLASH_SECTOR_SIZE])).toBe(-Errno.EBUSY);
    mtd.seek(far, SEEK_SET);
    expect(mtd.write(new Uint8Array(1))).toBe(-Errno.EBUSY);
    expect(mmap.doMunmap(mm, addr, 100)).toBe(0);
    expect(ioctl(mtd, MEMERASE, [far, FLASH_SECTOR_SIZE])).toBe(0);
    expect(mtd.write(new Uint8Array(1))).toBe(1);
  });
});

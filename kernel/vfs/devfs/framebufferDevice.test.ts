import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../../cpu/PhysicalMemory.js';
import { FRAMEBUFFER_BASE, Framebuffer } from '../../../devices/Framebuffer.js';
import { Errno } from '../../errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { MemoryMap } from '../../mm/MemoryMap.js';
import { NommuMmap } from '../../mm/NommuMmap.js';
import { PageAllocator } from '../../mm/PageAllocator.js';
import { UserMemory } from '../../UserMemory.js';
import { makeDirectory } from '../entryOperations.js';
import { S_IFCHR } from '../fileMode.js';
import { mmapBackingOf } from '../fileMmap.js';
import type { OpenFile } from '../OpenFile.js';
import { O_RDONLY, O_RDWR } from '../openFlags.js';
import { createTestVfs, lookupFor } from '../testing.js';
import {
  FB_FIX_SCREENINFO_SIZE,
  FB_VAR_SCREENINFO_SIZE,
  FBIOGET_FSCREENINFO,
  FBIOGET_VSCREENINFO,
  FBIOPAN_DISPLAY,
  FBIOPUT_VSCREENINFO,
  registerFramebuffer,
} from './framebufferDevice.js';

const RAM = 0x8000_0000;
const RAM_PAGES = 32;
const WIDTH = 64;
const HEIGHT = 48;

/** A machine with RAM, a 64x48 framebuffer registered as /dev/fb0 and devtmpfs on /dev. */
function machine() {
  const fbBytes = Framebuffer.regionSize(WIDTH, HEIGHT);
  const physical = new PhysicalMemory(RAM_PAGES * PAGE_SIZE + fbBytes);
  physical.addRam('ram', RAM, RAM_PAGES * PAGE_SIZE);
  const fb = new Framebuffer(physical, FRAMEBUFFER_BASE, WIDTH, HEIGHT);
  const mmap = new NommuMmap(physical, new PageAllocator(RAM, RAM_PAGES));
  const mm = new MemoryMap(physical);
  mm.activate();
  const vfs = createTestVfs();
  registerFramebuffer(vfs.devices, fb);
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  expect(makeDirectory(vfs, at, '/dev', 0o755)).toBe(0);
  const devtmpfs = vfs.createSuperBlock('devtmpfs', 'devtmpfs', '');
  if (typeof devtmpfs === 'number') throw new Error(`devtmpfs: errno ${-devtmpfs}`);
  expect(typeof vfs.mountAt('/dev', devtmpfs)).not.toBe('number');
  const open = (flags: number): OpenFile => {
    const file = vfs.open(at, '/dev/fb0', flags, 0);
    if (typeof file === 'number') throw new Error(`open /dev/fb0: errno ${-file}`);
    return file;
  };
  const map = (file: OpenFile, length: number, prot: number, flags: number, pgoff = 0) => {
    const backing = mmapBackingOf(vfs, file, fs.root);
    return typeof backing === 'number' ? backing : mmap.doMmap(mm, backing, length, prot, flags, pgoff);
  };
  const mem = new UserMemory(physical);
  const scratch = mmap.doMmap(mm, null, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
  return { physical, fb, vfs, at, open, map, mem, scratch };
}

describe('/dev/fb0', () => {
  it('is a character device node (29, 0) created by the driver', () => {
    const { open } = machine();
    const file = open(O_RDWR);
    expect(file.inode.mode & 0o170000).toBe(S_IFCHR);
    expect(file.inode.rdev).toBe((29 << 20) | 0);
  });

  it('reads and writes video memory at the file position, with fb_write errors at the end', () => {
    const { open, physical, fb } = machine();
    const file = open(O_RDWR);
    expect(file.writeAt(Uint8Array.of(1, 2, 3, 4), 8)).toBe(4);
    expect(physical.read32(FRAMEBUFFER_BASE + 8)).toBe(0x04030201);
    const into = new Uint8Array(6);
    expect(file.readAt(into, 6)).toBe(6);
    expect([...into]).toEqual([0, 0, 1, 2, 3, 4]);
    expect(file.readAt(into, fb.size - 2)).toBe(2);
    expect(file.readAt(into, fb.size)).toBe(0);
    expect(file.writeAt(new Uint8Array(8), fb.size - 4)).toBe(4);
    expect(file.writeAt(new Uint8Array(1), fb.size)).toBe(-Errno.ENOSPC);
    expect(file.writeAt(new Uint8Array(1), fb.size + 1)).toBe(-Errno.EFBIG);
  });

  it('describes the mode (FBIOGET_VSCREENINFO) and the memory (FBIOGET_FSCREENINFO), and keeps the mode fixed', () => {
    const { open, mem, scratch } = machine();
    const ops = open(O_RDONLY).ops;
    const file = open(O_RDONLY);
    expect(ops.ioctl!(file, FBIOGET_VSCREENINFO, scratch, mem)).toBe(0);
    const variable = new DataView((mem.copyIn(scratch, FB_VAR_SCREENINFO_SIZE) as Uint8Array).buffer);
    const words = (view: DataView, from: number, count: number) => Array.from({ length: count }, (_, i) => view.getUint32(from + 4 * i, true));
    expect(words(variable, 0, 8)).toEqual([WIDTH, HEIGHT, WIDTH, HEIGHT, 0, 0, 32, 0]);
    expect(words(variable, 32, 12)).toEqual([16, 8, 0, 8, 8, 0, 0, 8, 0, 0, 0, 0]);

    expect(ops.ioctl!(file, FBIOGET_FSCREENINFO, scratch, mem)).toBe(0);
    const fixed = mem.copyIn(scratch, FB_FIX_SCREENINFO_SIZE) as Uint8Array;
    const fixedView = new DataView(fixed.buffer);
    expect(String.fromCharCode(...fixed.subarray(0, fixed.indexOf(0)))).toBe('rvnommu-fb');
    expect([fixedView.getUint32(16, true), fixedView.getUint32(20, true), fixedView.getUint32(44, true)]).toEqual([
      FRAMEBUFFER_BASE,
      WIDTH * HEIGHT * 4,
      WIDTH * 4,
    ]);
    expect(fixedView.getUint32(32, true)).toBe(2);

    expect(ops.ioctl!(file, FBIOGET_VSCREENINFO, scratch, mem)).toBe(0);
    expect(ops.ioctl!(file, FBIOPUT_VSCREENINFO, scratch, mem)).toBe(0);
    expect(ops.ioctl!(file, FBIOPAN_DISPLAY, scratch, mem)).toBe(0);
    mem.write32(scratch, WIDTH * 2);
    expect(ops.ioctl!(file, FBIOPUT_VSCREENINFO, scratch, mem)).toBe(-Errno.EINVAL);
    mem.write32(scratch + 20, 1);
    expect(ops.ioctl!(file, FBIOPAN_DISPLAY, scratch, mem)).toBe(-Errno.EINVAL);
    expect(ops.ioctl!(file, FBIOGET_VSCREENINFO, 0x10, mem)).toBe(-Errno.EFAULT);
    expect(ops.ioctl!(file, 0x5401, scratch, mem)).toBe(-Errno.ENOTTY);
  });

  it('maps shared mappings directly onto video memory, as get_fb_unmapped_area says, every one at the same address', () => {
    const { open, map, fb } = machine();
    const file = open(O_RDWR);
    // Alone, a mapping from a page offset fails: get_fb_unmapped_area adds pgoff as bytes, vm_iomap_memory wants pages.
    expect(map(file, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 1)).toBe(-Errno.EINVAL);
    expect(map(file, fb.size, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(FRAMEBUFFER_BASE);
    expect(map(open(O_RDONLY), PAGE_SIZE, PROT_READ, MAP_SHARED)).toBe(FRAMEBUFFER_BASE);
    expect(map(file, fb.size + PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.EINVAL);
    // Inside an existing mapping's region it shares that region instead.
    expect(map(file, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 1)).toBe(FRAMEBUFFER_BASE + PAGE_SIZE);
    expect(map(file, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED)).toBe(-Errno.EINVAL);
    expect(map(open(O_RDONLY), PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.EACCES);
  });

  it('refuses private mappings: a character device without mmap capabilities cannot be copied (ENODEV)', () => {
    const { open, map } = machine();
    expect(map(open(O_RDWR), PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE)).toBe(-Errno.ENODEV);
    expect(map(open(O_RDONLY), PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBe(-Errno.ENODEV);
  });
});

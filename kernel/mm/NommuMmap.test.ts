import { describe, expect, it } from 'vitest';
import { PAGE_R, PAGE_SIZE, PAGE_W, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_UNINITIALIZED,
  MREMAP_FIXED,
  NOMMU_MAP_COPY,
  NOMMU_MAP_DIRECT,
  NOMMU_MAP_READ,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  VM_MAPPED_COPY,
  VM_MAYSHARE,
} from './constants.js';
import { MemoryMap } from './MemoryMap.js';
import type { MmapBacking } from './MmapBacking.js';
import { NommuMmap } from './NommuMmap.js';
import { PageAllocator } from './PageAllocator.js';

const RAM = 0x8000_0000;
const RAM_PAGES = 256;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;

function machine() {
  const physical = new PhysicalMemory(RAM_PAGES * PAGE_SIZE);
  physical.addRam('ram', RAM, RAM_PAGES * PAGE_SIZE);
  const allocator = new PageAllocator(RAM, RAM_PAGES);
  const mmap = new NommuMmap(physical, allocator);
  const mm = new MemoryMap(physical);
  mm.activate();
  return { physical, allocator, mmap, mm };
}

function byteAt(physical: PhysicalMemory, addr: number): number {
  return physical.u8[physical.backingOffsetOfRange(addr, 1)];
}

function fill(physical: PhysicalMemory, addr: number, length: number, value: number): void {
  const offset = physical.backingOffsetOfRange(addr, length);
  physical.u8.fill(value, offset, offset + length);
}

/** A regular file (copy only) or a device, with contents `data`. */
function fakeFile(data: Uint8Array, overrides: Partial<MmapBacking> = {}): MmapBacking {
  return {
    inode: {},
    fileType: 0o100000,
    readable: true,
    writable: false,
    appendOnly: false,
    noexec: false,
    path: '/fake',
    ino: 7,
    dev: 1,
    hold() {},
    release() {},
    readForCopy(into, position) {
      const chunk = data.subarray(position, position + into.length);
      into.set(chunk);
      return chunk.length;
    },
    ...overrides,
  };
}

describe('anonymous mappings', () => {
  it('rounds up to a power-of-two block aligned to its size and trims the excess (nr_trim_pages = 1)', () => {
    const { allocator, mmap, mm } = machine();
    const before = allocator.freePages;
    const addr = mmap.doMmap(mm, null, 3 * PAGE_SIZE, RW, ANON, 0);
    expect(addr).toBeGreaterThan(0);
    expect((addr - RAM) % (4 * PAGE_SIZE)).toBe(0);
    const region = mm.find(addr)!.region;
    expect(region.top - region.start).toBe(3 * PAGE_SIZE);
    expect(allocator.freePages).toBe(before - 3);
    expect(mmap.pagesAllocated).toBe(3);
  });

  it('keeps the whole power-of-two block when trimming is off or the excess is below nr_trim_pages', () => {
    const { allocator, mmap, mm } = machine();
    const before = allocator.freePages;
    mmap.nrTrimPages = 0;
    const untrimmed = mmap.doMmap(mm, null, 5 * PAGE_SIZE, RW, ANON, 0);
    expect(mm.find(untrimmed)!.region.top - untrimmed).toBe(8 * PAGE_SIZE);
    expect(allocator.freePages).toBe(before - 8);

    mmap.nrTrimPages = 4;
    const excessThree = mmap.doMmap(mm, null, 5 * PAGE_SIZE, RW, ANON, 0);
    expect(mm.find(excessThree)!.region.top - excessThree).toBe(8 * PAGE_SIZE);
    const excessFive = mmap.doMmap(mm, null, 11 * PAGE_SIZE, RW, ANON, 0);
    expect(mm.find(excessFive)!.region.top - excessFive).toBe(11 * PAGE_SIZE);
  });

  it('refuses MAP_FIXED, bad mapping types, zero length and oversized requests as Linux does', () => {
    const { mmap, mm } = machine();
    expect(mmap.doMmap(mm, null, PAGE_SIZE, RW, ANON | MAP_FIXED, 0)).toBe(-Errno.EINVAL);
    expect(mmap.doMmap(mm, null, PAGE_SIZE, RW, MAP_ANONYMOUS, 0)).toBe(-Errno.EINVAL);
    expect(mmap.doMmap(mm, null, 0, RW, ANON, 0)).toBe(-Errno.EINVAL);
    expect(mmap.doMmap(mm, null, 0xffff_ffff, RW, ANON, 0)).toBe(-Errno.ENOMEM);
    expect(mmap.doMmap(mm, null, 512 * PAGE_SIZE, RW, ANON, 0)).toBe(-Errno.ENOMEM);
  });

  it('clears anonymous memory unless MAP_UNINITIALIZED is given', () => {
    const { physical, mmap, mm } = machine();
    const first = mmap.doMmap(mm, null, PAGE_SIZE, RW, ANON, 0);
    fill(physical, first, PAGE_SIZE, 0xaa);
    expect(mmap.doMunmap(mm, first, PAGE_SIZE)).toBe(0);
    const cleared = mmap.doMmap(mm, null, PAGE_SIZE, RW, ANON, 0);
    expect(cleared).toBe(first);
    expect(byteAt(physical, cleared + 100)).toBe(0);
    fill(physical, cleared, PAGE_SIZE, 0x55);
    mmap.doMunmap(mm, cleared, PAGE_SIZE);
    const raw = mmap.doMmap(mm, null, PAGE_SIZE, RW, ANON | MAP_UNINITIALIZED, 0);
    expect(raw).toBe(first);
    expect(byteAt(physical, raw + 100)).toBe(0x55);
  });

  it('gives user mode exactly the mapped pages with the requested rights', () => {
    const { physical, mmap, mm } = machine();
    const addr = mmap.doMmap(mm, null, 2 * PAGE_SIZE, PROT_READ, ANON, 0);
    const page = (a: number) => physical.userMap[a >>> 12];
    expect(page(addr) & PAGE_R).toBe(PAGE_R);
    expect(page(addr) & PAGE_W).toBe(0);
    expect(page(addr + 2 * PAGE_SIZE)).toBe(0);
    mm.deactivate();
    expect(page(addr)).toBe(0);
    mm.activate();
    mmap.doMunmap(mm, addr, 2 * PAGE_SIZE);
    expect(page(addr)).toBe(0);
  });
});

describe('munmap', () => {
  it('needs an address inside a mapping', () => {
    const { mmap, mm } = machine();
    expect(mmap.doMunmap(mm, RAM, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMunmap(mm, RAM, 0)).toBe(-Errno.EINVAL);
  });

  it('splits and shrinks anonymous areas on page boundaries, freeing the pages', () => {
    const { allocator, mmap, mm } = machine();
    const addr = mmap.doMmap(mm, null, 4 * PAGE_SIZE, RW, ANON, 0);
    const free = allocator.freePages;
    expect(mmap.doMunmap(mm, addr + 1, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMunmap(mm, addr + 3 * PAGE_SIZE, 2 * PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMunmap(mm, addr + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(allocator.freePages).toBe(free + 1);
    expect(mm.areas.map((a) => [a.start - addr, a.end - addr])).toEqual([
      [0, PAGE_SIZE],
      [2 * PAGE_SIZE, 4 * PAGE_SIZE],
    ]);
    expect(mmap.doMunmap(mm, addr + 3 * PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(mmap.regions.map((r) => [r.start - addr, r.top - addr])).toEqual([
      [0, PAGE_SIZE],
      [2 * PAGE_SIZE, 3 * PAGE_SIZE],
    ]);
    expect(allocator.freePages).toBe(free + 2);
  });

  it('removes a file mapping only whole', () => {
    const { mmap, mm } = machine();
    const file = fakeFile(new Uint8Array(3 * PAGE_SIZE).fill(1));
    const addr = mmap.doMmap(mm, file, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(mmap.doMunmap(mm, addr, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMunmap(mm, addr + PAGE_SIZE, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMunmap(mm, addr, 2 * PAGE_SIZE)).toBe(0);
    expect(mm.areas).toHaveLength(0);
  });
});

describe('mremap', () => {
  it('only resizes in place within the allocated region', () => {
    const { mmap, mm } = machine();
    mmap.nrTrimPages = 0;
    const addr = mmap.doMmap(mm, null, 3 * PAGE_SIZE, RW, ANON, 0);
    expect(mmap.doMremap(mm, addr, 3 * PAGE_SIZE, 5 * PAGE_SIZE, 0, 0)).toBe(-Errno.ENOMEM);
    expect(mmap.doMremap(mm, addr, 3 * PAGE_SIZE, PAGE_SIZE, 0, 0)).toBe(addr);
    expect(mm.find(addr + PAGE_SIZE)).toBeUndefined();
    expect(mmap.doMremap(mm, addr, PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_FIXED, addr + PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(mmap.doMremap(mm, addr + 1, PAGE_SIZE, 2 * PAGE_SIZE, 0, 0)).toBe(-Errno.EINVAL);
    expect(mmap.doMremap(mm, addr, 2 * PAGE_SIZE, PAGE_SIZE, 0, 0)).toBe(-Errno.EINVAL);
    expect(mmap.doMremap(mm, addr, PAGE_SIZE, 0, 0, 0)).toBe(-Errno.EINVAL);
  });

  it('refuses shareable mappings', () => {
    const { mmap, mm } = machine();
    const addr = mmap.doMmap(mm, fakeFile(new Uint8Array(PAGE_SIZE)), PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(mmap.doMremap(mm, addr, PAGE_SIZE, PAGE_SIZE, 0, 0)).toBe(-Errno.EPERM);
  });
});

describe('file mappings', () => {
  it('shares one read-only private copy of a file segment between processes', () => {
    const { physical, mmap, mm } = machine();
    const other = new MemoryMap(physical);
    const data = new Uint8Array(2 * PAGE_SIZE).map((_, i) => i & 0xff);
    const file = fakeFile(data);
    const first = mmap.doMmap(mm, file, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0);
    const second = mmap.doMmap(other, file, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(second).toBe(first);
    expect(mm.find(first)!.flags & (VM_MAYSHARE | VM_MAPPED_COPY)).toBe(VM_MAYSHARE | VM_MAPPED_COPY);
    expect(byteAt(physical, first + 300)).toBe(300 & 0xff);
    const subset = mmap.doMmap(other, file, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 1);
    expect(subset).toBe(first + PAGE_SIZE);
    expect(mmap.regions).toHaveLength(1);
    expect(mmap.regions[0].usage).toBe(3);
  });

  it('gives every writable private mapping its own copy, with the tail past EOF cleared', () => {
    const { physical, mmap, mm } = machine();
    const file = fakeFile(new Uint8Array(100).fill(9));
    const a = mmap.doMmap(mm, file, PAGE_SIZE, RW, MAP_PRIVATE, 0);
    const b = mmap.doMmap(mm, file, PAGE_SIZE, RW, MAP_PRIVATE, 0);
    expect(a).not.toBe(b);
    expect(byteAt(physical, a + 99)).toBe(9);
    expect(byteAt(physical, a + 100)).toBe(0);
  });

  it('refuses inexact overlapping shares of a copy-only file', () => {
    const { mmap, mm } = machine();
    const file = fakeFile(new Uint8Array(4 * PAGE_SIZE));
    expect(mmap.doMmap(mm, file, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0)).toBeGreaterThan(0);
    expect(mmap.doMmap(mm, file, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 1)).toBe(-Errno.EINVAL);
  });

  it('refuses shared mappings of a regular file that cannot be mapped directly', () => {
    const { mmap, mm } = machine();
    const file = fakeFile(new Uint8Array(PAGE_SIZE), { writable: true });
    expect(mmap.doMmap(mm, file, PAGE_SIZE, PROT_READ, MAP_SHARED, 0)).toBe(-Errno.ENODEV);
    const unreadable = fakeFile(new Uint8Array(PAGE_SIZE), { readable: false });
    expect(mmap.doMmap(mm, unreadable, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0)).toBe(-Errno.EACCES);
  });

  it('maps a device directly where get_unmapped_area says, and falls back to a copy on ENOSYS', () => {
    const { physical, mmap, mm } = machine();
    const deviceMemory = RAM + 200 * PAGE_SIZE;
    let placed = -1;
    const device = fakeFile(new Uint8Array(PAGE_SIZE).fill(3), {
      fileType: 0o020000,
      writable: true,
      capabilities: () => NOMMU_MAP_DIRECT | NOMMU_MAP_COPY | NOMMU_MAP_READ | 0x20,
      getUnmappedArea: () => deviceMemory,
      mmapDirect: (start) => {
        placed = start;
        return 0;
      },
    });
    expect(mmap.doMmap(mm, device, PAGE_SIZE, RW, MAP_SHARED, 0)).toBe(deviceMemory);
    expect(placed).toBe(deviceMemory);
    expect(mm.find(deviceMemory)!.region.ownsPages).toBe(false);

    const refusing = fakeFile(new Uint8Array(PAGE_SIZE).fill(4), {
      fileType: 0o020000,
      capabilities: () => NOMMU_MAP_DIRECT | NOMMU_MAP_COPY | NOMMU_MAP_READ,
      getUnmappedArea: () => -Errno.ENOSYS,
    });
    // MAP_SHARED cannot be turned into a private copy...
    expect(mmap.doMmap(mm, refusing, PAGE_SIZE, PROT_READ, MAP_SHARED, 0)).toBe(-Errno.ENODEV);
    // ...but a private mapping can.
    const copy = mmap.doMmap(mm, refusing, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(copy).toBeGreaterThan(0);
    expect(copy).not.toBe(deviceMemory);
    expect(byteAt(physical, copy)).toBe(4);
    // Once that read-only copy exists, later mappings of the same segment share it (like Linux's region tree).
    expect(mmap.doMmap(mm, refusing, PAGE_SIZE, PROT_READ, MAP_SHARED, 0)).toBe(copy);
  });
});

describe('files held by regions', () => {
  it('holds the file from the first mapping until the last user of its region unmaps', () => {
    const { mmap, mm, physical } = machine();
    let references = 0;
    const file = fakeFile(new Uint8Array(PAGE_SIZE), { hold: () => references++, release: () => references-- });
    const other = new MemoryMap(physical);
    const addr = mmap.doMmap(mm, file, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(references).toBe(1);
    expect(mmap.doMmap(other, file, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0)).toBe(addr);
    expect(references).toBe(1);
    expect(mmap.doMunmap(mm, addr, PAGE_SIZE)).toBe(0);
    expect(references).toBe(1);
    mmap.exitMmap(other);
    expect(references).toBe(0);
  });

  it('tells the backing of every area that goes away, whoever else still uses the region', () => {
    const { mmap, mm, physical } = machine();
    const closed: string[] = [];
    const file = fakeFile(new Uint8Array(PAGE_SIZE));
    const first = { ...file, closeArea: () => closed.push('first') };
    const second = { ...file, closeArea: () => closed.push('second') };
    const other = new MemoryMap(physical);
    const addr = mmap.doMmap(mm, first, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(mmap.doMmap(other, second, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0)).toBe(addr);
    mmap.exitMmap(other);
    expect(closed).toEqual(['second']);
    expect(mmap.doMunmap(mm, addr, PAGE_SIZE)).toBe(0);
    expect(closed).toEqual(['second', 'first']);
  });

  it('refuses to shrink a memory-backed file under a direct mapping from the page holding the new end on', () => {
    const { mmap, mm } = machine();
    const inode = {};
    const device = fakeFile(new Uint8Array(0), {
      inode,
      capabilities: () => NOMMU_MAP_DIRECT | NOMMU_MAP_COPY | NOMMU_MAP_READ,
      getUnmappedArea: (_len, pgoff) => RAM + 0x8_0000 + pgoff * PAGE_SIZE,
      mmapDirect: () => 0,
    });
    expect(mmap.doMmap(mm, device, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 2)).toBe(RAM + 0x8_0000 + 2 * PAGE_SIZE);
    expect(mmap.shrinkInodeMappings(inode, 4 * PAGE_SIZE, 3 * PAGE_SIZE)).toBe(0);
    expect(mmap.shrinkInodeMappings(inode, 4 * PAGE_SIZE, 2 * PAGE_SIZE + 1)).toBe(-Errno.ETXTBSY);
    expect(mmap.shrinkInodeMappings(inode, 4 * PAGE_SIZE, PAGE_SIZE)).toBe(-Errno.ETXTBSY);
    expect(mmap.shrinkInodeMappings({}, 4 * PAGE_SIZE, 0)).toBe(0);
    // A private copy does not use the file's pages.
    const copyOnly = fakeFile(new Uint8Array(PAGE_SIZE), { inode: {} });
    mmap.doMmap(mm, copyOnly, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(mmap.shrinkInodeMappings(copyOnly.inode, PAGE_SIZE, 0)).toBe(0);
  });
});

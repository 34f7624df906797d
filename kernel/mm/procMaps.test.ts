import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from './constants.js';
import { MemoryMap } from './MemoryMap.js';
import type { MmapBacking } from './MmapBacking.js';
import { NommuMmap } from './NommuMmap.js';
import { PageAllocator } from './PageAllocator.js';
import { formatAreas, formatRegions } from './procMaps.js';

const RAM = 0x8000_0000;

function setup() {
  const physical = new PhysicalMemory(64 * PAGE_SIZE);
  physical.addRam('ram', RAM, 64 * PAGE_SIZE);
  const mmap = new NommuMmap(physical, new PageAllocator(RAM, 64));
  return { physical, mmap, first: new MemoryMap(physical), second: new MemoryMap(physical) };
}

const file: MmapBacking = {
  inode: {},
  fileType: 0o100000,
  readable: true,
  writable: false,
  appendOnly: false,
  noexec: false,
  path: '/bin/cat',
  ino: 64649,
  dev: (3 << 8) | 1,
  hold: () => undefined,
  release: () => undefined,
  readForCopy: (into) => into.length,
};

describe('/proc maps', () => {
  it('prints areas like task_nommu.c: flags, offset, device, inode, path at column 49 on 32-bit', () => {
    const { mmap, first } = setup();
    const text = mmap.doMmap(first, file, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0);
    const anon = mmap.doMmap(first, null, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
    first.startStack = anon + PAGE_SIZE;
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    expect(formatAreas(first)).toBe(
      `${hex(text)}-${hex(text + 2 * PAGE_SIZE)} r-xs 00000000 03:01 64649      /bin/cat\n` +
        `${hex(anon)}-${hex(anon + PAGE_SIZE)} rw-p 00000000 00:00 0          [stack]\n`,
    );
  });

  it('lists a region shared by two processes once in /proc/maps', () => {
    const { mmap, first, second } = setup();
    const a = mmap.doMmap(first, file, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0);
    const b = mmap.doMmap(second, file, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0);
    expect(b).toBe(a);
    expect(formatRegions(mmap).split('\n').filter(Boolean)).toHaveLength(1);
    expect(formatAreas(second)).toContain('/bin/cat');
  });
});

import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { NommuMmap } from '../mm/NommuMmap.js';
import { PageAllocator } from '../mm/PageAllocator.js';
import { formatAreas } from '../mm/procMaps.js';
import { MEM_MAJOR } from './devfs/memoryDevices.js';
import { makeNode, removeFile } from './entryOperations.js';
import { makeDev, S_IFCHR } from './fileMode.js';
import { mmapBackingOf } from './fileMmap.js';
import { O_APPEND, O_CREAT, O_RDONLY, O_RDWR } from './openFlags.js';
import { createTestVfs, lookupFor } from './testing.js';
import type { OpenFile } from './OpenFile.js';

const RAM = 0x8000_0000;
const RAM_PAGES = 64;

function setup() {
  const physical = new PhysicalMemory(RAM_PAGES * PAGE_SIZE);
  physical.addRam('ram', RAM, RAM_PAGES * PAGE_SIZE);
  const mmap = new NommuMmap(physical, new PageAllocator(RAM, RAM_PAGES));
  const mm = new MemoryMap(physical);
  const vfs = createTestVfs(undefined, mmap);
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  const open = (path: string, flags: number): OpenFile => {
    const file = vfs.open(at, path, flags, 0o644);
    if (typeof file === 'number') throw new Error(`open ${path}: errno ${-file}`);
    return file;
  };
  const map = (file: OpenFile, length: number, prot: number, flags: number, pgoff = 0): number => {
    const backing = mmapBackingOf(vfs, file, fs.root);
    return typeof backing === 'number' ? backing : mmap.doMmap(mm, backing, length, prot, flags, pgoff);
  };
  const bytesAt = (addr: number, length: number) => {
    const offset = physical.backingOffsetOfRange(addr, length);
    return physical.u8.slice(offset, offset + length);
  };
  return { vfs, at, mm, open, map, bytesAt };
}

describe('mapping open files', () => {
  it('copies a ram file privately from the page offset, zero-filling past its end', () => {
    const { open, map, bytesAt } = setup();
    const file = open('/data', O_RDWR | O_CREAT);
    const contents = new Uint8Array(PAGE_SIZE + 100).map((_, i) => (i * 7) & 0xff);
    file.write(contents);
    const addr = map(file, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, 1);
    expect(addr).toBeGreaterThan(0);
    expect(bytesAt(addr, 100)).toEqual(contents.subarray(PAGE_SIZE));
    expect(bytesAt(addr + 100, PAGE_SIZE - 100).every((b) => b === 0)).toBe(true);
  });

  it("shares one read-only copy between mappings of the same file segment and names the file in the process's maps", () => {
    const { open, map, mm } = setup();
    const file = open('/shared', O_RDWR | O_CREAT);
    file.write(new Uint8Array(2 * PAGE_SIZE).fill(0x41));
    const first = map(file, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE);
    const again = map(open('/shared', O_RDONLY), PAGE_SIZE, PROT_READ, MAP_PRIVATE, 1);
    expect(again).toBe(first + PAGE_SIZE);
    expect(formatAreas(mm)).toContain(' /shared\n');
  });

  it('marks a mapping of a removed file as deleted', () => {
    const { open, map, mm, vfs, at } = setup();
    const file = open('/gone', O_RDWR | O_CREAT);
    file.write(new Uint8Array(10));
    expect(removeFile(vfs, at, '/gone')).toBe(0);
    expect(map(file, PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBeGreaterThan(0);
    expect(formatAreas(mm)).toContain('/gone (deleted)');
  });

  it('marks a mapping as deleted once its file is removed', () => {
    const { open, map, mm, vfs, at } = setup();
    const file = open('/later', O_RDWR | O_CREAT);
    file.write(new Uint8Array(10));
    expect(map(file, PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBeGreaterThan(0);
    expect(formatAreas(mm)).toMatch(/ \/later\n/);
    expect(removeFile(vfs, at, '/later')).toBe(0);
    expect(formatAreas(mm)).toContain('/later (deleted)');
  });

  it('refuses what Linux refuses: sharing file pages that are not one run, writable sharing of a read-only open, append mode', () => {
    const { open, map } = setup();
    const holey = open('/holey', O_RDWR | O_CREAT);
    holey.write(new Uint8Array(10));
    holey.position = 2 * PAGE_SIZE;
    holey.write(new Uint8Array(10));
    expect(map(open('/holey', O_RDWR), 3 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.ENODEV);
    expect(map(open('/holey', O_RDONLY), PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.EACCES);
    expect(map(open('/holey', O_RDWR | O_APPEND), PAGE_SIZE, PROT_READ, MAP_SHARED)).toBe(-Errno.EACCES);
  });

  it('maps /dev/zero privately as zeros but cannot share it, and a directory cannot be mapped at all', () => {
    const { open, map, bytesAt, vfs, at } = setup();
    expect(makeNode(vfs, at, '/zero', S_IFCHR | 0o666, makeDev(MEM_MAJOR, 5))).toBe(0);
    const zero = open('/zero', O_RDWR);
    const addr = map(zero, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    expect(addr).toBeGreaterThan(0);
    expect(bytesAt(addr, PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(map(zero, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.ENODEV);
    expect(map(open('/', O_RDONLY), PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBe(-Errno.ENODEV);
  });
});

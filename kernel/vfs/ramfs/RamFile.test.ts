import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import { Errno } from '../../errno.js';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { MemoryMap } from '../../mm/MemoryMap.js';
import { NommuMmap } from '../../mm/NommuMmap.js';
import { truncateInode } from '../attributes.js';
import { makeDirectory, removeFile } from '../entryOperations.js';
import { mmapBackingOf } from '../fileMmap.js';
import type { OpenFile } from '../OpenFile.js';
import { O_CREAT, O_RDWR } from '../openFlags.js';
import { createTestVfs, lookupFor } from '../testing.js';
import type { RamSuperBlock } from './RamSuperBlock.js';

const RW = PROT_READ | PROT_WRITE;

function setup() {
  const mmap = NommuMmap.withOwnRam(256 * PAGE_SIZE);
  const vfs = createTestVfs(undefined, mmap);
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  const open = (path: string): OpenFile => {
    const file = vfs.open(at, path, O_RDWR | O_CREAT, 0o644);
    if (typeof file === 'number') throw new Error(`open ${path}: errno ${-file}`);
    return file;
  };
  const map = (mm: MemoryMap, file: OpenFile, length: number, prot: number, flags: number, pgoff = 0): number => {
    const backing = mmapBackingOf(vfs, file, fs.root);
    return typeof backing === 'number' ? backing : mmap.doMmap(mm, backing, length, prot, flags, pgoff);
  };
  const truncate = (file: OpenFile, size: number) => truncateInode(file.path, size, true);
  const physical = mmap.physical;
  const poke = (addr: number, text: string) => physical.load(addr, new TextEncoder().encode(text));
  const peek = (file: OpenFile, position: number, length: number) => {
    const into = new Uint8Array(length);
    file.position = position;
    file.read(into);
    return new TextDecoder().decode(into);
  };
  return { mmap, vfs, at, open, map, truncate, poke, peek, physical, first: new MemoryMap(physical), second: new MemoryMap(physical) };
}

describe('ramfs files on no-MMU', () => {
  it('maps a file sized by ftruncate onto its own pages, the same address in every process', () => {
    const { open, map, truncate, poke, peek, first, second } = setup();
    const file = open('/shm');
    expect(truncate(file, 2 * PAGE_SIZE)).toBe(0);
    const addr = map(first, file, 2 * PAGE_SIZE, RW, MAP_SHARED);
    expect(addr).toBeGreaterThan(0);
    expect(map(second, open('/shm'), PAGE_SIZE, RW, MAP_SHARED, 1)).toBe(addr + PAGE_SIZE);
    poke(addr + PAGE_SIZE + 5, 'through memory');
    expect(peek(file, PAGE_SIZE + 5, 14)).toBe('through memory');
    file.position = 1;
    file.write(new TextEncoder().encode('by write'));
    expect(peek(file, 1, 8)).toBe('by write');
  });

  it('maps directly read-only private mappings, copies writable ones', () => {
    const { open, map, truncate, first } = setup();
    const file = open('/f');
    expect(truncate(file, PAGE_SIZE)).toBe(0);
    const direct = map(first, file, PAGE_SIZE, PROT_READ, MAP_SHARED);
    expect(map(first, file, PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBe(direct);
    const copy = map(first, file, PAGE_SIZE, RW, MAP_PRIVATE);
    expect(copy).toBeGreaterThan(0);
    expect(copy).not.toBe(direct);
  });

  it('cannot share a range past the end of the file or over a hole (ENODEV), but can copy it privately', () => {
    const { open, map, truncate, first } = setup();
    const file = open('/f');
    expect(truncate(file, PAGE_SIZE)).toBe(0);
    expect(map(first, file, 2 * PAGE_SIZE, RW, MAP_SHARED)).toBe(-Errno.ENODEV);
    expect(truncate(file, 3 * PAGE_SIZE)).toBe(0);
    expect(map(first, file, 3 * PAGE_SIZE, RW, MAP_SHARED)).toBe(-Errno.ENODEV);
    expect(map(first, file, 3 * PAGE_SIZE, PROT_READ, MAP_PRIVATE)).toBeGreaterThan(0);
  });

  it('refuses to shrink a file over a direct mapping (ETXTBSY) but not below it, nor once unmapped', () => {
    const { mmap, open, map, truncate, first } = setup();
    const file = open('/f');
    expect(truncate(file, 4 * PAGE_SIZE)).toBe(0);
    const addr = map(first, file, PAGE_SIZE, RW, MAP_SHARED, 1);
    expect(truncate(file, PAGE_SIZE + 1)).toBe(-Errno.ETXTBSY);
    expect(truncate(file, 3 * PAGE_SIZE)).toBe(0);
    expect(truncate(file, 2 * PAGE_SIZE)).toBe(0);
    expect(file.inode.size).toBe(2 * PAGE_SIZE);
    expect(truncate(file, PAGE_SIZE)).toBe(-Errno.ETXTBSY);
    expect(mmap.doMunmap(first, addr, PAGE_SIZE)).toBe(0);
    expect(truncate(file, 0)).toBe(0);
  });

  it('keeps the pages of a mapped file that was removed and closed until the mapping goes', () => {
    const { mmap, vfs, at, open, map, truncate, physical, first } = setup();
    const file = open('/gone');
    expect(truncate(file, 2 * PAGE_SIZE)).toBe(0);
    const sb = file.inode.sb as RamSuperBlock;
    const used = sb.usedBytes;
    const addr = map(first, file, 2 * PAGE_SIZE, RW, MAP_SHARED);
    physical.write32(addr, 0x1234_5678);
    const free = mmap.allocator.freePages;
    expect(removeFile(vfs, at, '/gone')).toBe(0);
    file.release();
    expect(mmap.allocator.freePages).toBe(free);
    expect(sb.usedBytes).toBe(used);
    expect(physical.read32(addr)).toBe(0x1234_5678);
    expect(mmap.doMunmap(first, addr, 2 * PAGE_SIZE)).toBe(0);
    expect(mmap.allocator.freePages).toBe(free + 2);
    expect(sb.usedBytes).toBe(used - 2 * PAGE_SIZE);
  });

  it('charges tmpfs size= for the pages a mapping needs', () => {
    const { vfs, at } = setup();
    const sb = vfs.createSuperBlock('tmpfs', 'tmpfs', 'size=8k');
    if (typeof sb === 'number') throw new Error(`tmpfs: errno ${-sb}`);
    expect(makeDirectory(vfs, at, '/tmp', 0o1777)).toBe(0);
    expect(vfs.mountAt('/tmp', sb)).not.toBeTypeOf('number');
    const file = vfs.open(at, '/tmp/big', O_RDWR | O_CREAT, 0o600) as OpenFile;
    expect(truncateInode(file.path, 3 * PAGE_SIZE, true)).toBe(-Errno.ENOSPC);
    expect(truncateInode(file.path, 2 * PAGE_SIZE, true)).toBe(0);
    expect((file.inode.sb as RamSuperBlock).usedBytes).toBe(2 * PAGE_SIZE);
  });
});

import { PAGE_SIZE, PhysicalMemory } from '../../../cpu/PhysicalMemory.js';
import { FLASH_SIZE } from '../../../devices/Flash.js';
import { MemoryMap } from '../../mm/MemoryMap.js';
import { NommuMmap } from '../../mm/NommuMmap.js';
import { PageAllocator } from '../../mm/PageAllocator.js';
import { makeDirectory } from '../entryOperations.js';
import { mmapBackingOf } from '../fileMmap.js';
import type { OpenFile } from '../OpenFile.js';
import { createTestVfs, lookupFor } from '../testing.js';
import { attachRom } from './attachRom.js';

/** Test helpers: a machine with RAM, /dev (devtmpfs) and a flash chip holding `image` mounted at `mountPoint`. */

const RAM = 0x8000_0000;
const RAM_PAGES = 64;

export function romMachine(image: Uint8Array, mountPoint = '/rom') {
  const physical = new PhysicalMemory(RAM_PAGES * PAGE_SIZE + FLASH_SIZE);
  physical.addRam('ram', RAM, RAM_PAGES * PAGE_SIZE);
  const mmap = new NommuMmap(physical, new PageAllocator(RAM, RAM_PAGES));
  const vfs = createTestVfs();
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  makeDirectory(vfs, at, '/dev', 0o755);
  const devtmpfs = vfs.createSuperBlock('devtmpfs', 'devtmpfs', '');
  if (typeof devtmpfs === 'number') throw new Error(`devtmpfs: errno ${-devtmpfs}`);
  vfs.mountAt('/dev', devtmpfs);
  const flash = attachRom({ physical, mmap, vfs }, image, mountPoint);
  const open = (path: string, flags: number): OpenFile | number => vfs.open(at, path, flags, 0o644);
  const openOrThrow = (path: string, flags: number): OpenFile => {
    const file = open(path, flags);
    if (typeof file === 'number') throw new Error(`open ${path}: errno ${-file}`);
    return file;
  };
  /** mmap(2) of an open file in address space `mm`. */
  const map = (mm: MemoryMap, file: OpenFile, length: number, prot: number, flags: number, pgoff = 0): number => {
    const backing = mmapBackingOf(vfs, file, fs.root);
    return typeof backing === 'number' ? backing : mmap.doMmap(mm, backing, length, prot, flags, pgoff);
  };
  const newMm = () => new MemoryMap(physical);
  return { physical, mmap, vfs, fs, at, flash, open, openOrThrow, map, newMm };
}

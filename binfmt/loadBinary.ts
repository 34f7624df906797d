import type { PhysicalMemory } from '../cpu/PhysicalMemory.js';
import type { MemoryMap } from '../kernel/mm/MemoryMap.js';
import type { MmapBacking } from '../kernel/mm/MmapBacking.js';
import type { NommuMmap } from '../kernel/mm/NommuMmap.js';
import { ElfFile } from './ElfFile.js';
import { isFdpicElf, loadFdpicImage } from './ElfFdpicLoader.js';
import { ExecError, type LoadedImage, loadElfImage } from './ElfLoader.js';

/** What exec hands a binary format handler (Linux's linux_binprm): the program's bytes and its file. */
export interface BinaryProgram {
  readonly bytes: Uint8Array;
  /** The path, for messages. */
  readonly name: string;
  /**
   * Opens the program file for mmap, for a format that maps it rather than copying it (FDPIC text); the caller
   * releases it once the image is loaded. A negative errno when it cannot be opened.
   */
  openForMapping(): MmapBacking | number;
}

/**
 * search_binary_handler: picks the loader for the program's format. ELF whose segments keep a constant
 * displacement (static-PIE, ET_EXEC) loads as one block; FDPIC ELF (binfmt/README.md) maps each segment on its own.
 */
export function loadBinary(program: BinaryProgram, mm: MemoryMap, mmap: NommuMmap, physical: PhysicalMemory): LoadedImage {
  const elf = ElfFile.parse(program.bytes, program.name);
  if (!isFdpicElf(elf)) return loadElfImage(elf, mm, mmap, physical);
  const file = program.openForMapping();
  if (typeof file === 'number') throw new ExecError(-file, `${program.name}: cannot open the program file to map it`);
  try {
    return loadFdpicImage(elf, file, mm, mmap, physical);
  } finally {
    file.release();
  }
}

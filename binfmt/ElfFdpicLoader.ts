import { PAGE_SIZE, type PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { Errno, errnoMessage } from '../kernel/errno.js';
import { MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../kernel/mm/constants.js';
import type { MemoryMap } from '../kernel/mm/MemoryMap.js';
import type { MmapBacking } from '../kernel/mm/MmapBacking.js';
import type { NommuMmap } from '../kernel/mm/NommuMmap.js';
import { DT_PLTGOT, EF_RISCV_NONCONSTDISP, type ElfFile, PF_W, PF_X, PT_DYNAMIC } from './ElfFile.js';
import {
  checkExecutable,
  ExecError,
  type LoadedImage,
  type LoadSegment,
  noteCodeAndData,
  programHeadersIn,
  runtimeAddressOf,
  runtimeEntry,
  stackSizeOf,
} from './ElfLoader.js';

/** True for an FDPIC ELF: one whose segments may each go anywhere (see binfmt/README.md). */
export function isFdpicElf(elf: ElfFile): boolean {
  return (elf.flags & EF_RISCV_NONCONSTDISP) !== 0;
}

/**
 * Loads an FDPIC ELF as binfmt_elf_fdpic's elf_fdpic_map_file_by_direct_mmap does on a no-MMU system: each PT_LOAD
 * is its own mapping of the program file through the mmap core. A read-only segment (the text) is a private
 * read/exec mapping, which the mmap core makes a direct mapping where the file system allows one (romfs on flash)
 * and otherwise one copy in RAM; either way every process running the program shares it. A writable segment (the data)
 * is always a private copy, its bss cleared. The load map tells the program where each segment went; gp starts at
 * the run-time address of the GOT (DT_PLTGOT), the program's data base.
 */
export function loadFdpicImage(
  elf: ElfFile,
  file: MmapBacking,
  mm: MemoryMap,
  mmap: NommuMmap,
  physical: PhysicalMemory,
): LoadedImage {
  const loads = checkExecutable(elf);
  const segments: LoadSegment[] = [];
  let phdrAddr = 0;
  for (const [index, p] of loads.entries()) {
    // The page offset is the same in the file and in memory (lld's layout); the mapping starts at the page.
    const inPage = p.vaddr % PAGE_SIZE;
    if (p.offset % PAGE_SIZE !== inPage) {
      throw new ExecError(
        Errno.ENOEXEC,
        `${elf.name}: FDPIC segment ${index} has file offset 0x${p.offset.toString(16)} and address 0x${p.vaddr.toString(16)} in different page positions: it cannot be mapped from the file`,
      );
    }
    const writable = (p.flags & PF_W) !== 0;
    if (!writable && p.memsz > p.filesz) {
      throw new ExecError(
        Errno.ENOEXEC,
        `${elf.name}: read-only FDPIC segment ${index} has ${p.memsz - p.filesz} bytes of bss: it is mapped from the file and cannot be cleared`,
      );
    }
    const prot = PROT_READ | (writable ? PROT_WRITE : 0) | (p.flags & PF_X ? PROT_EXEC : 0);
    const length = inPage + p.memsz;
    const start = mmap.doMmap(mm, file, length, prot, MAP_PRIVATE, (p.offset - inPage) / PAGE_SIZE);
    if (start < 0) {
      throw new ExecError(-start, `${elf.name}: cannot map FDPIC segment ${index} (${length} bytes): ${errnoMessage(-start)}`);
    }
    const addr = start + inPage;
    if (writable) {
      // The copy holds whatever the file has around the segment: clear what is not the segment's data.
      clear(physical, start, inPage);
      clear(physical, addr + p.filesz, Math.ceil(length / PAGE_SIZE) * PAGE_SIZE - inPage - p.filesz);
    }
    phdrAddr ||= programHeadersIn(elf, p, addr);
    segments.push({ addr, vaddr: p.vaddr, memsz: p.memsz });
    noteCodeAndData(mm, p, addr);
  }

  const dynamic = elf.findProgramHeader(PT_DYNAMIC);
  const got = elf.dynamicEntries().find((entry) => entry.tag === DT_PLTGOT);
  const globalPointer = runtimeAddressOf(segments, got?.value);
  if (got && !globalPointer) {
    throw new ExecError(Errno.ENOEXEC, `${elf.name}: DT_PLTGOT 0x${got.value.toString(16)} is outside every segment`);
  }
  return {
    entry: runtimeEntry(elf, segments),
    phdrAddr,
    phnum: elf.programHeaders.length,
    dynamicAddr: runtimeAddressOf(segments, dynamic?.vaddr),
    displacement: segments[0].addr - segments[0].vaddr,
    segments,
    stackSize: stackSizeOf(elf),
    globalPointer,
  };
}

function clear(physical: PhysicalMemory, addr: number, length: number): void {
  if (length <= 0) return;
  const offset = physical.backingOffsetOfRange(addr, length);
  physical.u8.fill(0, offset, offset + length);
}

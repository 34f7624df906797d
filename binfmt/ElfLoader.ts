import { PAGE_SIZE, type PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { Errno } from '../kernel/errno.js';
import { MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE, VM_EXEC, VM_READ, VM_WRITE } from '../kernel/mm/constants.js';
import type { MemoryMap } from '../kernel/mm/MemoryMap.js';
import type { NommuMmap } from '../kernel/mm/NommuMmap.js';
import { ET_DYN, ET_EXEC, ElfError, type ElfFile, PF_X, type ProgramHeader, PT_DYNAMIC, PT_GNU_STACK, PT_INTERP } from './ElfFile.js';

/** Default stack when PT_GNU_STACK gives no size (binfmt_elf_fdpic uses the same 128 KiB). */
export const DEFAULT_STACK_SIZE = 128 * 1024;

/** Why an exec failed: the errno execve returns and a sentence for humans. */
export class ExecError extends Error {
  constructor(
    readonly errno: Errno,
    message: string,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

/** One loaded segment, as in struct elf32_fdpic_loadseg. */
export interface LoadSegment {
  addr: number;
  vaddr: number;
  memsz: number;
}

export interface LoadedImage {
  entry: number;
  /** Where the ELF header landed (the segment holding file offset 0), for AT_PHDR. */
  phdrAddr: number;
  phnum: number;
  /** Run-time address of the dynamic section, or 0. */
  dynamicAddr: number;
  /** Load bias of a constant-displacement image (run-time address minus link address); of the text, for FDPIC. */
  displacement: number;
  segments: LoadSegment[];
  stackSize: number;
  /** The value gp starts with: the run-time GOT address of an FDPIC program (DT_PLTGOT), else 0. */
  globalPointer: number;
}

/**
 * Loads an ELF program the way Linux's binfmt_elf_fdpic does for a constant-displacement image on a no-MMU
 * system: one anonymous block through the mmap core covering every PT_LOAD, file contents read in, the rest
 * cleared. A static-PIE goes wherever the allocator puts the block; an ET_EXEC only at its link address, and only
 * if that physical memory is free RAM. Relocation is the program's own job (its start code), as on Linux.
 */
export function loadElfImage(elf: ElfFile, mm: MemoryMap, mmap: NommuMmap, physical: PhysicalMemory): LoadedImage {
  const loads = checkExecutable(elf);
  const base = Math.min(...loads.map((p) => p.vaddr));
  const top = Math.max(...loads.map((p) => p.vaddr + p.memsz));
  const span = top - base;
  let maddr: number;
  if (elf.type === ET_DYN) {
    maddr = mmap.doMmap(mm, null, span, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE, 0);
    if (maddr < 0) {
      throw new ExecError(-maddr, `${elf.name}: cannot allocate ${span} bytes for the program image: out of memory`);
    }
  } else {
    maddr = mmap.mapFixedForExec(mm, base, span, VM_READ | VM_WRITE | VM_EXEC);
    if (maddr < 0) {
      throw new ExecError(
        Errno.ENOMEM,
        `${elf.name}: ET_EXEC linked at 0x${base.toString(16)}-0x${top.toString(16)} but that memory is not free RAM ` +
          `(no MMU to move it): link as a static PIE (-static-pie) or at a free RAM address`,
      );
    }
    maddr = base;
  }

  const displacement = maddr - base;
  const segments: LoadSegment[] = [];
  let phdrAddr = 0;
  for (const p of loads) {
    const addr = p.vaddr + displacement;
    physical.load(addr, elf.segmentData(p));
    const offset = physical.backingOffsetOfRange(addr + p.filesz, p.memsz - p.filesz);
    physical.u8.fill(0, offset, offset + p.memsz - p.filesz);
    phdrAddr ||= programHeadersIn(elf, p, addr);
    segments.push({ addr, vaddr: p.vaddr, memsz: p.memsz });
    noteCodeAndData(mm, p, addr);
  }

  return {
    entry: runtimeEntry(elf, segments),
    phdrAddr,
    phnum: elf.programHeaders.length,
    dynamicAddr: runtimeAddressOf(segments, elf.findProgramHeader(PT_DYNAMIC)?.vaddr),
    displacement,
    segments,
    stackSize: stackSizeOf(elf),
    globalPointer: 0,
  };
}

/** Where the program header table landed, if segment `p` (placed at `addr`) holds it (AT_PHDR); else 0. */
export function programHeadersIn(elf: ElfFile, p: ProgramHeader, addr: number): number {
  return p.offset <= elf.phoff && elf.phoff < p.offset + p.filesz ? addr + elf.phoff - p.offset : 0;
}

/** The checks every ELF exec makes before mapping anything; returns the PT_LOAD headers. */
export function checkExecutable(elf: ElfFile): ProgramHeader[] {
  if (elf.type !== ET_DYN && elf.type !== ET_EXEC) {
    throw new ExecError(Errno.ENOEXEC, `${elf.name}: ELF type ${elf.type} is neither an executable nor a PIE`);
  }
  if (elf.findProgramHeader(PT_INTERP)) {
    throw new ExecError(Errno.ENOEXEC, `${elf.name}: dynamically linked programs (PT_INTERP) are not supported: link with -static-pie`);
  }
  const loads = elf.loadSegments;
  if (loads.length === 0) throw new ExecError(Errno.ENOEXEC, `${elf.name}: no loadable segment`);
  return loads;
}

/** mm's start_code/end_code (the first executable segment) and start_data/end_data (the first other one). */
export function noteCodeAndData(mm: MemoryMap, segment: ProgramHeader, addr: number): void {
  if (segment.flags & PF_X) {
    if (!mm.startCode) {
      mm.startCode = addr;
      mm.endCode = addr + segment.memsz;
    }
  } else if (!mm.startData) {
    mm.startData = addr;
    mm.endData = addr + segment.memsz;
  }
}

/**
 * The run-time address of link-time address `vaddr` through the load map (elf_fdpic_map_addr), or 0 for an
 * address no segment holds. A segment's end counts as inside it, for end-of-array symbols.
 */
export function runtimeAddressOf(segments: readonly LoadSegment[], vaddr: number | undefined): number {
  if (vaddr === undefined) return 0;
  const segment =
    segments.find((s) => vaddr >= s.vaddr && vaddr < s.vaddr + s.memsz) ??
    segments.find((s) => vaddr >= s.vaddr && vaddr <= s.vaddr + s.memsz);
  return segment ? vaddr - segment.vaddr + segment.addr : 0;
}

export function runtimeEntry(elf: ElfFile, segments: LoadSegment[]): number {
  const segment = segments.find((s) => elf.entry >= s.vaddr && elf.entry < s.vaddr + s.memsz);
  if (!segment) {
    throw new ExecError(Errno.ENOEXEC, `${elf.name}: entry point 0x${elf.entry.toString(16)} is outside every segment`);
  }
  return elf.entry - segment.vaddr + segment.addr;
}

/** PT_GNU_STACK's size, else the default; at least two pages, in whole pages. */
export function stackSizeOf(elf: ElfFile): number {
  const stack = elf.findProgramHeader(PT_GNU_STACK);
  const size = stack && stack.memsz > 0 ? stack.memsz : DEFAULT_STACK_SIZE;
  return Math.max(2 * PAGE_SIZE, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
}

/** Turns parse failures into exec errors (ENOEXEC) so execve and the CLI report them the same way. */
export function asExecError(error: unknown): ExecError | undefined {
  if (error instanceof ExecError) return error;
  if (error instanceof ElfError) return new ExecError(Errno.ENOEXEC, error.message);
  return undefined;
}

import { Errno } from '../kernel/errno.js';
import { PAGE_SIZE, type PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { MAP_GROWSDOWN, MAP_PRIVATE, MAP_UNINITIALIZED, PROT_EXEC, PROT_READ, PROT_WRITE } from '../kernel/mm/constants.js';
import type { MemoryMap } from '../kernel/mm/MemoryMap.js';
import type { NommuMmap } from '../kernel/mm/NommuMmap.js';
import { ExecError, type LoadedImage } from './ElfLoader.js';

export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

/** RISC-V AT_HWCAP: one bit per single-letter extension, here I, M and A. */
export const HWCAP_RV32IMA = (1 << ('I'.charCodeAt(0) - 65)) | (1 << ('M'.charCodeAt(0) - 65)) | (1 << 0);
export const CLOCK_TICKS = 100;

export interface ProcessStart {
  sp: number;
  /** Address of the executable's struct elf32_fdpic_loadmap on the stack (a1 at entry). */
  loadmapAddr: number;
  /** The auxiliary vector as written on the stack (type/value word pairs, AT_NULL last). */
  auxv: Uint8Array;
}

/** What exec copies onto a new program's stack whatever its format: its arguments, environment and path. */
export interface ProgramStrings {
  argv: string[];
  envp: string[];
  /** The path exec was given, stored above the strings as Linux keeps bprm->filename. */
  execfn: string;
}

export interface StackArguments extends ProgramStrings {
  random: Uint8Array;
  uid: number;
  gid: number;
}

const encodeStrings = (args: ProgramStrings): Uint8Array[] =>
  [...args.argv, ...args.envp, args.execfn].map((s) => new TextEncoder().encode(`${s}\0`));

/** The bytes the strings take on the stack, NUL terminators included. */
export function programStringBytes(args: ProgramStrings): number {
  return encodeStrings(args).reduce((sum, s) => sum + s.length, 0);
}

/**
 * Copies the argument and environment strings, then execfn, so that they end at `top` (argv[0] lowest, as Linux's
 * copy_strings leaves them), and records where they lie in `mm` (arg_start...env_end, for /proc). Returns the
 * addresses of argv's strings then envp's.
 */
export function placeProgramStrings(args: ProgramStrings, top: number, mm: MemoryMap, physical: PhysicalMemory): number[] {
  const strings = encodeStrings(args);
  let p = top - strings.reduce((sum, s) => sum + s.length, 0);
  const pointers: number[] = [];
  for (const s of strings) {
    physical.load(p, s);
    pointers.push(p);
    p += s.length;
  }
  mm.envEnd = pointers.pop()!;
  mm.argStart = pointers[0] ?? mm.envEnd;
  mm.argEnd = mm.envStart = pointers[args.argv.length] ?? mm.envEnd;
  return pointers;
}

/**
 * Allocates the stack as binfmt_elf_fdpic does on no-MMU (one block, MAP_UNINITIALIZED | MAP_GROWSDOWN; the heap
 * cannot grow, so brk starts and ends at the bottom) and writes the initial process stack: the argument and
 * environment strings at the top, AT_RANDOM bytes, the loadmap, then auxv, envp, argv and argc at a 16-byte
 * aligned sp.
 */
export function createInitialStack(
  image: LoadedImage,
  args: StackArguments,
  mm: MemoryMap,
  mmap: NommuMmap,
  physical: PhysicalMemory,
): ProcessStart {
  const stringBytes = programStringBytes(args);
  if (stringBytes > image.stackSize / 4) {
    throw new ExecError(Errno.E2BIG, `arguments and environment (${stringBytes} bytes) do not fit the ${image.stackSize}-byte stack`);
  }

  const bottom = mmap.doMmap(
    mm,
    null,
    image.stackSize,
    PROT_READ | PROT_WRITE | PROT_EXEC,
    MAP_PRIVATE | MAP_UNINITIALIZED | MAP_GROWSDOWN,
    0,
  );
  if (bottom < 0) throw new ExecError(-bottom, `cannot allocate a ${image.stackSize}-byte stack: out of memory`);
  // As binfmt_elf_fdpic: the break starts at the bottom of the stack block and may grow into all of it but the
  // top page, trusting the program to keep the two apart.
  mm.startBrk = mm.brk = bottom;
  mm.endBrk = bottom + image.stackSize - PAGE_SIZE;
  mm.startStack = bottom + image.stackSize;

  const view = new DataView(physical.u8.buffer);
  const at = (addr: number) => physical.backingOffsetOfRange(addr, 1);
  const put32 = (addr: number, value: number) => view.setUint32(at(addr), value >>> 0, true);
  const putBytes = (addr: number, bytes: Uint8Array) => physical.u8.set(bytes, at(addr));

  const pointers = placeProgramStrings(args, mm.startStack, mm, physical);
  const execfnAddr = mm.envEnd;
  let sp = mm.argStart;

  sp -= 16;
  const randomAddr = sp;
  putBytes(sp, args.random.subarray(0, 16));
  sp &= ~15;

  const loadmapSize = 4 + 12 * image.segments.length;
  sp = (sp - loadmapSize) & ~7;
  const loadmapAddr = sp;
  view.setUint16(at(sp), 0, true);
  view.setUint16(at(sp + 2), image.segments.length, true);
  image.segments.forEach((s, i) => {
    put32(sp + 4 + 12 * i, s.addr);
    put32(sp + 8 + 12 * i, s.vaddr);
    put32(sp + 12 + 12 * i, s.memsz);
  });

  const auxv: [number, number][] = [
    [AT_HWCAP, HWCAP_RV32IMA],
    [AT_PAGESZ, 4096],
    [AT_CLKTCK, CLOCK_TICKS],
    [AT_PHDR, image.phdrAddr],
    [AT_PHENT, 32],
    [AT_PHNUM, image.phnum],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, image.entry],
    [AT_UID, args.uid],
    [AT_EUID, args.uid],
    [AT_GID, args.gid],
    [AT_EGID, args.gid],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddr],
    [AT_EXECFN, execfnAddr],
    [AT_NULL, 0],
  ];
  const words = 1 + args.argv.length + 1 + args.envp.length + 1 + 2 * auxv.length;
  sp -= 4 * words;
  sp &= ~15;

  let cursor = sp;
  const push = (value: number) => {
    put32(cursor, value);
    cursor += 4;
  };
  push(args.argv.length);
  for (let i = 0; i < args.argv.length; i++) push(pointers[i]);
  push(0);
  for (let i = 0; i < args.envp.length; i++) push(pointers[args.argv.length + i]);
  push(0);
  const auxvAddr = cursor;
  for (const [type, value] of auxv) {
    push(type);
    push(value);
  }
  const auxvOffset = physical.backingOffsetOfRange(auxvAddr, cursor - auxvAddr);
  return { sp, loadmapAddr, auxv: physical.u8.slice(auxvOffset, auxvOffset + cursor - auxvAddr) };
}

import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../../kernel/errno.js';
import { VM_EXEC, VM_WRITE } from '../../kernel/mm/constants.js';
import { MemoryMap } from '../../kernel/mm/MemoryMap.js';
import { NommuMmap } from '../../kernel/mm/NommuMmap.js';
import { PageAllocator } from '../../kernel/mm/PageAllocator.js';
import { ExecError } from '../ElfLoader.js';
import { FLAT_FLAG_GOTPIC, FLAT_FLAG_KTRACE, FLAT_FLAG_RAM, FLAT_HEADER_SIZE } from './FlatHeader.js';
import { loadFlatBinary, type FlatImage } from './FlatLoader.js';
import type { ProgramStrings } from '../InitialStack.js';
import { writeFlatFile, type FlatProgram } from './FlatWriter.js';

const RAM = 0x8000_0000;
const RAM_PAGES = 256;
const ARGS: ProgramStrings = { argv: ['prog', '-v'], envp: ['HOME=/', 'TERM=vt100'], execfn: '/bin/prog' };

function machine() {
  const physical = new PhysicalMemory(RAM_PAGES * PAGE_SIZE);
  physical.addRam('ram', RAM, RAM_PAGES * PAGE_SIZE);
  // Whatever an earlier program left behind: the loader must clear what it does not load.
  physical.u8.fill(0xaa);
  const mmap = new NommuMmap(physical, new PageAllocator(RAM, RAM_PAGES));
  const mm = new MemoryMap(physical);
  return { physical, mmap, mm };
}

/** Little-endian words, as the hart stores them. */
function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(bytes.buffer).setUint32(4 * i, v >>> 0, true));
  return bytes;
}

/** A big-endian word, as elf2flt stores an address to relocate outside GOTPIC programs. */
function be(value: number): number {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, false);
  return new DataView(bytes.buffer).getUint32(0, true);
}

// 32 bytes of text (a nop sled with one word to relocate at flat 8), 32 of data, 64 of bss.
const TEXT_LEN = 32;
const DATA = TEXT_LEN;
const BSS = DATA + 32;

function program(overrides: Partial<FlatProgram> = {}): FlatProgram {
  return {
    entry: 4,
    text: words(0x13, 0x13, be(BSS + 4), 0x13, 0x13, 0x13, 0x13, 0x13),
    data: words(be(8), be(DATA + 12), be(BSS), 0, 0x1234_5678, 0, 0, 0),
    bssSize: 64,
    stackSize: 8192,
    relocations: [8, DATA, DATA + 4, DATA + 8, DATA + 12],
    flags: FLAT_FLAG_RAM,
    ...overrides,
  };
}

function load(p: FlatProgram, m = machine(), trace?: (message: string) => void): FlatImage & ReturnType<typeof machine> {
  const image = loadFlatBinary(writeFlatFile(p), '/bin/prog', ARGS, m.mm, m.mmap, m.physical, trace);
  return { ...image, ...m };
}

function loadError(p: FlatProgram): ExecError {
  try {
    load(p);
  } catch (error) {
    if (error instanceof ExecError) return error;
    throw error;
  }
  throw new Error('loaded without error');
}

function word(physical: PhysicalMemory, addr: number): number {
  return physical.read32(addr)! >>> 0;
}

function cString(physical: PhysicalMemory, addr: number): string {
  let end = addr;
  while (physical.u8[physical.backingOffsetOfRange(end, 1)] !== 0) end++;
  const at = physical.backingOffsetOfRange(addr, end - addr);
  return new TextDecoder().decode(physical.u8.subarray(at, at + end - addr));
}

describe('bFLT loader, FLAT_FLAG_RAM', () => {
  it('places header, text, data and bss in one block, data at its file offset', () => {
    const { startCode, entry, mm, physical } = load(program());
    const textPos = startCode - FLAT_HEADER_SIZE;
    expect(textPos % PAGE_SIZE).toBe(0);
    expect(mm.areas).toHaveLength(1);
    expect(mm.areas[0].start).toBe(textPos);
    expect(mm.areas[0].flags & (VM_WRITE | VM_EXEC)).toBe(VM_WRITE | VM_EXEC);
    expect(cString(physical, textPos).slice(0, 4)).toBe('bFLT');
    expect(entry).toBe(startCode + 4);
    expect(word(physical, startCode)).toBe(0x13);
    expect(mm.startCode).toBe(startCode);
    expect(mm.endCode).toBe(startCode + TEXT_LEN);
    expect(mm.startData).toBe(startCode + DATA);
    expect(mm.endData).toBe(startCode + BSS);
    expect(mm.startBrk).toBe(startCode + BSS + 64);
    expect(word(physical, startCode + DATA + 16)).toBe(0x1234_5678);
    for (let offset = 0; offset < 64; offset += 4) expect(word(physical, startCode + BSS + offset)).toBe(0);
  });

  it('adds the text or data load address to each relocated word and stores it in target order', () => {
    const { startCode, physical } = load(program());
    expect(word(physical, startCode + 8)).toBe(startCode + BSS + 4);
    expect(word(physical, startCode + DATA)).toBe(startCode + 8);
    expect(word(physical, startCode + DATA + 4)).toBe(startCode + DATA + 12);
    expect(word(physical, startCode + DATA + 8)).toBe(startCode + BSS);
    // A zero word is a NULL pointer and stays one.
    expect(word(physical, startCode + DATA + 12)).toBe(0);
  });

  it('keeps a data start that is not 32-byte aligned at the next 32-byte boundary, as binfmt_flat does', () => {
    const text = words(0x13, 0x13, 0x13, 0x13, 0x13, 0x13); // 24 bytes: data_start 0x58
    const { startCode, physical, mm } = load(program({ text, data: words(be(4), 7), relocations: [24], bssSize: 8 }));
    const textPos = startCode - FLAT_HEADER_SIZE;
    expect(mm.startData).toBe(textPos + 0x60);
    expect(word(physical, textPos + 0x60)).toBe(startCode + 4);
    expect(word(physical, textPos + 0x64)).toBe(7);
  });

  it('honours the stack size: the stack lies between the break and sp, with argc, argv and envp at sp', () => {
    for (const stackSize of [4096, 65536]) {
      const { sp, mm, physical } = load(program({ stackSize }));
      expect(sp % 16).toBe(0);
      expect(sp - mm.endBrk).toBeGreaterThanOrEqual(stackSize);
      expect(mm.endBrk).toBeGreaterThanOrEqual(mm.brk);
      expect(mm.startStack).toBe(sp);
      expect(mm.areas[0].end - sp).toBeLessThan(PAGE_SIZE + 256);
      expect(word(physical, sp)).toBe(2);
      expect(cString(physical, word(physical, sp + 4))).toBe('prog');
      expect(cString(physical, word(physical, sp + 8))).toBe('-v');
      expect(word(physical, sp + 12)).toBe(0);
      expect(cString(physical, word(physical, sp + 16))).toBe('HOME=/');
      expect(cString(physical, word(physical, sp + 20))).toBe('TERM=vt100');
      expect(word(physical, sp + 24)).toBe(0);
      expect(mm.argStart).toBe(word(physical, sp + 4));
      expect(mm.envStart).toBe(word(physical, sp + 16));
      expect(cString(physical, mm.envEnd)).toBe('/bin/prog');
    }
  });

  it('logs where the program went when FLAT_FLAG_KTRACE is set', () => {
    const messages: string[] = [];
    const { startCode } = load(program({ flags: FLAT_FLAG_RAM | FLAT_FLAG_KTRACE }), machine(), (m) => messages.push(m));
    expect(messages[0]).toBe('BINFMT_FLAT: Loading file: /bin/prog');
    expect(messages[1]).toContain(`TEXT=0x${startCode.toString(16)}-0x${(startCode + TEXT_LEN).toString(16)}`);
  });
});

describe('bFLT loader without FLAT_FLAG_RAM', () => {
  it('puts the text in a read-only block of its own and data, bss and stack in another', () => {
    const { startCode, sp, mm, physical } = load(program({ flags: 0 }));
    expect(mm.areas).toHaveLength(2);
    const text = mm.find(startCode)!;
    const data = mm.find(mm.startData)!;
    expect(text).not.toBe(data);
    expect(text.flags & VM_WRITE).toBe(0);
    expect(data.flags & VM_WRITE).toBe(VM_WRITE);
    expect(mm.startData).toBe(data.start);
    expect(mm.find(sp)).toBe(data);
    expect(word(physical, startCode + 8)).toBe(mm.startData + BSS - DATA + 4);
    expect(word(physical, mm.startData)).toBe(startCode + 8);
  });
});

describe('bFLT loader, FLAT_FLAG_GOTPIC', () => {
  const GOT_END = 0xffff_ffff;
  // The data opens with the rv32 .got.plt header (-1, 0), then the GOT, ended by -1, then a word the
  // relocation table names, in target order as GOTPIC programs store it.
  const data = words(GOT_END, 0, 12, DATA + 40, 0, BSS + 8, GOT_END, 0, 0, 0, 12);
  const gotProgram = program({
    data,
    relocations: [DATA + 40],
    flags: FLAT_FLAG_RAM | FLAT_FLAG_GOTPIC,
  });

  it('relocates each GOT entry up to the -1, skipping the header and zero entries', () => {
    const { startCode, physical } = load(gotProgram);
    const got = startCode + DATA;
    expect(word(physical, got)).toBe(GOT_END);
    expect(word(physical, got + 4)).toBe(0);
    expect(word(physical, got + 8)).toBe(startCode + 12);
    expect(word(physical, got + 12)).toBe(startCode + DATA + 40);
    expect(word(physical, got + 16)).toBe(0);
    expect(word(physical, got + 20)).toBe(startCode + BSS + 8);
    expect(word(physical, got + 24)).toBe(GOT_END);
    // After the GOT only the relocation table counts, and its values are not byte-swapped.
    expect(word(physical, got + 40)).toBe(startCode + 12);
  });

  it('skips the rv64-sized header (-1, -1) too', () => {
    const wide = words(GOT_END, GOT_END, 0, 0, 20, GOT_END, 0, 0);
    const { startCode, physical } = load(program({ data: wide, relocations: [], flags: FLAT_FLAG_RAM | FLAT_FLAG_GOTPIC }));
    expect(word(physical, startCode + DATA + 16)).toBe(startCode + 20);
  });

  it('rejects a GOT that runs off the end of the data', () => {
    const error = loadError(program({ data: words(GOT_END, 0, 12, 16), relocations: [], flags: FLAT_FLAG_RAM | FLAT_FLAG_GOTPIC }));
    expect(error.errno).toBe(Errno.ENOEXEC);
    expect(error.message).toBe('/bin/prog: the GOT (FLAT_FLAG_GOTPIC) has no -1 word ending it inside the data');
  });

  it('rejects a GOT entry outside the program', () => {
    const error = loadError(program({ data: words(GOT_END, 0, 0x10000, GOT_END), relocations: [], flags: FLAT_FLAG_RAM | FLAT_FLAG_GOTPIC }));
    expect(error.message).toMatch(/^\/bin\/prog: GOT entry at data\+0x8: address 0x10000 is outside the program \(0-0x70\)$/);
  });
});

describe('bFLT loader errors', () => {
  it('rejects a relocation whose location is outside the program', () => {
    const error = loadError(program({ relocations: [8, BSS + 64] }));
    expect(error.errno).toBe(Errno.ENOEXEC);
    expect(error.message).toBe('/bin/prog: relocation 1: location 0x80 is outside the program (0-0x80)');
  });

  it('rejects a relocated address outside the program', () => {
    const error = loadError(program({ data: words(be(0x4000)), relocations: [DATA] }));
    expect(error.errno).toBe(Errno.ENOEXEC);
    expect(error.message).toBe('/bin/prog: relocation 0: address 0x4000 is outside the program (0-0x64)');
  });

  it('reports a program too big for memory as ENOMEM', () => {
    const error = loadError(program({ bssSize: 2 * RAM_PAGES * PAGE_SIZE }));
    expect(error.errno).toBe(Errno.ENOMEM);
    expect(error.message).toMatch(/^\/bin\/prog: cannot allocate \d+ bytes for the program: out of memory$/);
  });
});

import { isFdpicElf } from '../ElfFdpicLoader.js';
import { DEFAULT_STACK_SIZE } from '../ElfLoader.js';
import { ET_DYN, type ElfFile, PF_W, PF_X, PT_DYNAMIC, PT_GNU_STACK, PT_INTERP, type ProgramHeader } from '../ElfFile.js';
import { FLAT_FLAG_RAM } from './FlatHeader.js';
import { FLAT_DATA_ALIGN } from './FlatLoader.js';
import { writeFlatFile } from './FlatWriter.js';

const DT_NULL = 0;
const DT_RELA = 7;
const DT_RELASZ = 8;
const DT_RELAENT = 9;
const DT_REL = 17;
const DT_JMPREL = 23;
const R_RISCV_RELATIVE = 3;
const RELA_SIZE = 12;

/** A program elf2flt cannot convert; the message names the file and the reason. */
export class Elf2FltError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Elf2FltError';
  }
}

export interface Elf2FltOptions {
  /** The stack the kernel allocates; by default PT_GNU_STACK's size, or 128 KiB without one. */
  stackSize?: number;
}

/**
 * Converts a static-PIE RISC-V ELF into a bFLT v4 file, as elf2flt does for a program linked at 0: the read-only
 * segments become the text, the writable ones the data and bss, and each R_RISCV_RELATIVE relocation becomes a
 * bFLT relocation (the word gets the target's flat address, big-endian, as binfmt_flat expects without
 * FLAT_FLAG_GOTPIC; the GOT is relocated through the same table). The file is flagged FLAT_FLAG_RAM: RISC-V code
 * reaches its data PC-relatively, so text and data must stay as far apart as they were linked.
 *
 * binfmt_flat on RISC-V puts the data at its file offset rounded up to 32 bytes: zero padding before the text
 * makes that offset a multiple of 32, so the rounding moves nothing. The program must be started by code that
 * does not relocate it again (images/libc/crt/crt1-flat.S).
 */
export function elfToFlat(elf: ElfFile, options: Elf2FltOptions = {}): Uint8Array {
  const fail = (why: string): never => {
    throw new Elf2FltError(`${elf.name}: ${why}`);
  };
  if (elf.type !== ET_DYN) fail('not position-independent (ELF type is not ET_DYN): link with -static-pie');
  if (elf.findProgramHeader(PT_INTERP)) fail('dynamically linked (PT_INTERP): link with -static-pie');
  // Its data is reached through gp and a GOT that its own start code relocates through a load map: bFLT has neither.
  if (isFdpicElf(elf)) fail('an FDPIC program (EF_RISCV_NONCONSTDISP): convert the static PIE it was made from');
  const loads = [...elf.loadSegments].sort((a, b) => a.vaddr - b.vaddr);
  if (loads.length === 0) fail('no loadable segment');
  const firstData = loads.findIndex((p) => p.flags & PF_W);
  const textSegments = firstData < 0 ? loads : loads.slice(0, firstData);
  const dataSegments = firstData < 0 ? [] : loads.slice(firstData);
  if (textSegments.length === 0 || !textSegments.some((p) => p.flags & PF_X)) fail('the first loadable segment is not executable text');
  if (dataSegments.some((p) => !(p.flags & PF_W))) fail('a read-only segment follows a writable one: text and data would interleave');

  const textBase = textSegments[0].vaddr;
  const textEnd = Math.max(...textSegments.map((p) => p.vaddr + p.memsz));
  const dataBase = dataSegments.length > 0 ? dataSegments[0].vaddr : textEnd;
  const dataFileEnd = Math.max(dataBase, ...dataSegments.map((p) => p.vaddr + p.filesz));
  const bssEnd = Math.max(dataFileEnd, ...dataSegments.map((p) => p.vaddr + p.memsz));
  if (textEnd > dataBase) fail('the text overlaps the data');
  const pad = (FLAT_DATA_ALIGN - ((dataBase - textBase) % FLAT_DATA_ALIGN)) % FLAT_DATA_ALIGN;
  /** Flat addresses: 0 is the first byte after the header. */
  const flat = (vaddr: number) => vaddr - textBase + pad;

  const text = new Uint8Array(flat(dataBase));
  const data = new Uint8Array(dataFileEnd - dataBase);
  const place = (p: ProgramHeader, into: Uint8Array, origin: number) => into.set(elf.segmentData(p), p.vaddr - origin);
  for (const p of textSegments) place(p, text, textBase - pad);
  for (const p of dataSegments) place(p, data, dataBase);

  const relocations: number[] = [];
  for (const { offset, addend } of relativeRelocations(elf, fail)) {
    const target = flat(addend);
    if (addend < textBase || addend > bssEnd) fail(`a relocation at 0x${offset.toString(16)} points outside the program (0x${addend.toString(16)})`);
    // binfmt_flat leaves words holding 0 alone (they are NULL pointers), so nothing may point at flat 0.
    if (target === 0) fail(`a relocation at 0x${offset.toString(16)} points at the very start of the text, which binfmt_flat would not relocate`);
    let into: Uint8Array;
    let at: number;
    if (offset >= textBase && offset + 4 <= textEnd) [into, at] = [text, flat(offset)];
    else if (offset >= dataBase && offset + 4 <= dataFileEnd) [into, at] = [data, offset - dataBase];
    else return fail(`a relocation at 0x${offset.toString(16)} is not inside the text or the initialised data`);
    new DataView(into.buffer).setUint32(at, target, false);
    relocations.push(flat(offset));
  }

  const entry = flat(elf.entry);
  if (elf.entry < textBase || elf.entry >= textEnd) fail(`entry point 0x${elf.entry.toString(16)} is outside the text`);
  const stack = elf.findProgramHeader(PT_GNU_STACK);
  return writeFlatFile({
    entry,
    text,
    data,
    bssSize: bssEnd - dataFileEnd,
    stackSize: options.stackSize ?? (stack && stack.memsz > 0 ? stack.memsz : DEFAULT_STACK_SIZE),
    relocations,
    flags: FLAT_FLAG_RAM,
  });
}

/** The RELA entries the dynamic section names, each of which must be R_RISCV_RELATIVE. */
function relativeRelocations(elf: ElfFile, fail: (why: string) => never): { offset: number; addend: number }[] {
  const dynamic = elf.findProgramHeader(PT_DYNAMIC);
  if (!dynamic) return [];
  const bytesAt = (vaddr: number, length: number): DataView => {
    const segment = elf.loadSegments.find((p) => vaddr >= p.vaddr && vaddr + length <= p.vaddr + p.filesz);
    if (!segment) return fail(`0x${vaddr.toString(16)}-0x${(vaddr + length).toString(16)}, named by the dynamic section, is not in the file`);
    const data = elf.segmentData(segment);
    return new DataView(data.buffer, data.byteOffset + vaddr - segment.vaddr, length);
  };
  const entries = bytesAt(dynamic.vaddr, dynamic.filesz);
  let table = 0;
  let tableSize = 0;
  let entrySize = RELA_SIZE;
  for (let at = 0; at + 8 <= dynamic.filesz; at += 8) {
    const tag = entries.getInt32(at, true);
    const value = entries.getUint32(at + 4, true);
    if (tag === DT_NULL) break;
    if (tag === DT_RELA) table = value;
    else if (tag === DT_RELASZ) tableSize = value;
    else if (tag === DT_RELAENT) entrySize = value;
    else if (tag === DT_REL) fail('REL relocations (DT_REL) are not supported: RISC-V uses RELA');
    else if (tag === DT_JMPREL) fail('PLT relocations (DT_JMPREL): the program is not fully static; link with -static-pie');
  }
  if (tableSize === 0) return [];
  if (entrySize !== RELA_SIZE) fail(`RELA entries of ${entrySize} bytes, not ${RELA_SIZE}`);
  const rela = bytesAt(table, tableSize);
  const result: { offset: number; addend: number }[] = [];
  for (let at = 0; at + RELA_SIZE <= tableSize; at += RELA_SIZE) {
    const offset = rela.getUint32(at, true);
    const type = rela.getUint32(at + 4, true) & 0xff;
    if (type !== R_RISCV_RELATIVE) {
      fail(`relocation type ${type} at 0x${offset.toString(16)}: only R_RISCV_RELATIVE can be converted (link with -static-pie)`);
    }
    result.push({ offset, addend: rela.getUint32(at + 8, true) });
  }
  return result;
}

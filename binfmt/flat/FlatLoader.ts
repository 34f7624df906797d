import { PAGE_SIZE, type PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../../kernel/errno.js';
import { MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../kernel/mm/constants.js';
import type { MemoryMap } from '../../kernel/mm/MemoryMap.js';
import type { NommuMmap } from '../../kernel/mm/NommuMmap.js';
import { ExecError, type LoadSegment } from '../ElfLoader.js';
import {
  FLAT_FLAG_GOTPIC,
  FLAT_FLAG_KTRACE,
  FLAT_FLAG_RAM,
  FLAT_HEADER_SIZE,
  parseFlatHeader,
  type FlatHeader,
} from './FlatHeader.js';
import { programStringBytes, type ProgramStrings } from '../InitialStack.js';
import { createFlatTables, flatTableWords } from './FlatStack.js';

/** binfmt_flat aligns the data segment to 32 bytes, the most elf2flt ever asked for. */
export const FLAT_DATA_ALIGN = 0x20;
/** MAX_ARG_PAGES: how much argument and environment text exec copies. */
const MAX_ARG_BYTES = 32 * PAGE_SIZE;
/** What the GOT and the relocated words hold instead of an address: the end of the GOT. */
const GOT_END = 0xffff_ffff;

export interface FlatImage {
  entry: number;
  /** Where flat address 0 (the first byte after the header) landed: the program's link-time zero. */
  startCode: number;
  /** Where the text and the data (with the bss) went, by flat address: the relocations' view, for debuggers. */
  segments: LoadSegment[];
  sp: number;
}

const alignUp = (value: number, alignment: number) => Math.ceil(value / alignment) * alignment;

/**
 * Loads a bFLT v4 program as Linux's binfmt_flat does on a no-MMU RISC-V kernel (which selects
 * CONFIG_BINFMT_FLAT_NO_DATA_START_OFFSET, so no shared-library pointer words precede the data):
 *
 * - FLAT_FLAG_RAM: one block holds the header and text, the data 32-byte aligned after them at its file offset
 *   (so PC-relative code still reaches it), then the bss, the break, and the stack at the top.
 * - otherwise text and data go in separate blocks, the text a read-only copy where Linux maps it from the file
 *   (in place, when the file system can).
 *
 * Then every relocation adds the load address of its segment to a word: flat addresses below the text length are
 * text, the rest data and bss. With FLAT_FLAG_GOTPIC the GOT at the start of the data is fixed up first.
 * `trace` receives FLAT_FLAG_KTRACE's messages.
 */
export function loadFlatBinary(
  bytes: Uint8Array,
  name: string,
  args: ProgramStrings,
  mm: MemoryMap,
  mmap: NommuMmap,
  physical: PhysicalMemory,
  trace: (message: string) => void = () => {},
): FlatImage {
  const header = parseFlatHeader(bytes, name);
  if (header.flags & FLAT_FLAG_KTRACE) trace(`BINFMT_FLAT: Loading file: ${name}`);
  const stringBytes = programStringBytes(args);
  if (stringBytes > MAX_ARG_BYTES) {
    throw new ExecError(Errno.E2BIG, `${name}: arguments and environment (${stringBytes} bytes) exceed ${MAX_ARG_BYTES} bytes`);
  }
  const textLen = header.dataStart;
  const dataLen = header.dataEnd - header.dataStart;
  const bssLen = header.bssEnd - header.dataEnd;
  // As load_flat_binary: the stack grows by what the arguments take, so long argument lists cannot overflow it;
  // the slack pays for aligning sp to 16.
  const stackLen = alignUp(header.stackSize + stringBytes + 4 * flatTableWords(args) + 16, 4);
  const extra = Math.max(bssLen + stackLen, 4 * header.relocCount);

  const allocate = (len: number, prot: number, what: string) => {
    const addr = mmap.doMmap(mm, null, len, prot, MAP_PRIVATE, 0);
    if (addr < 0) throw new ExecError(-addr, `${name}: cannot allocate ${len} bytes for the ${what}: out of memory`);
    return addr;
  };
  let textPos: number;
  let dataPos: number;
  let blockEnd: number;
  if (header.flags & FLAT_FLAG_RAM) {
    const dataOffset = alignUp(header.dataStart, FLAT_DATA_ALIGN);
    const len = alignUp(dataOffset + dataLen + extra, PAGE_SIZE);
    textPos = allocate(len, PROT_READ | PROT_WRITE | PROT_EXEC, 'program');
    dataPos = textPos + dataOffset;
    blockEnd = textPos + len;
  } else {
    textPos = allocate(textLen, PROT_READ | PROT_EXEC, 'text');
    const len = alignUp(dataLen + extra, PAGE_SIZE);
    dataPos = allocate(len, PROT_READ | PROT_WRITE | PROT_EXEC, 'data, bss and stack');
    blockEnd = dataPos + len;
  }
  // The blocks come zeroed from the mmap core: the bss, break and stack areas start clear, as Linux clears them.
  physical.load(textPos, bytes.subarray(0, textLen));
  physical.load(dataPos, bytes.subarray(header.dataStart, header.dataEnd));

  const startCode = textPos + FLAT_HEADER_SIZE;
  mm.startCode = startCode;
  mm.endCode = textPos + textLen;
  mm.startData = dataPos;
  mm.endData = dataPos + dataLen;
  mm.startBrk = dataPos + dataLen + bssLen;
  mm.brk = alignUp(mm.startBrk, 4);
  mm.endBrk = blockEnd - stackLen;
  if (header.flags & FLAT_FLAG_KTRACE) {
    trace(
      `BINFMT_FLAT: Load ${name}: TEXT=${hex(startCode)}-${hex(mm.endCode)} DATA=${hex(dataPos)}-${hex(mm.endData)} ` +
        `BSS=${hex(mm.endData)}-${hex(mm.startBrk)}, entry ${hex(textPos + header.entry)}`,
    );
  }

  relocate(bytes, name, header, startCode, dataPos, physical);
  const sp = createFlatTables(args, blockEnd - 4, mm, physical);
  const codeLen = textLen - FLAT_HEADER_SIZE;
  const segments = [
    { addr: startCode, vaddr: 0, memsz: codeLen },
    { addr: dataPos, vaddr: codeLen, memsz: dataLen + bssLen },
  ];
  return { entry: textPos + header.entry, startCode, segments, sp };
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** Applies the GOT fix-up (FLAT_FLAG_GOTPIC) and the relocation table, as load_flat_file does. */
function relocate(
  bytes: Uint8Array,
  name: string,
  header: FlatHeader,
  startCode: number,
  dataPos: number,
  physical: PhysicalMemory,
): void {
  const codeLen = header.dataStart - FLAT_HEADER_SIZE;
  // Flat addresses run from 0 (the first byte of text) to the end of the bss; one past the end is allowed.
  const programEnd = codeLen + (header.bssEnd - header.dataStart);
  const fail = (why: string): never => {
    throw new ExecError(Errno.ENOEXEC, `${name}: ${why}`);
  };
  const runtimeAddress = (flat: number, what: string, width = 0): number => {
    if (flat + width > programEnd) fail(`${what} 0x${flat.toString(16)} is outside the program (0-0x${programEnd.toString(16)})`);
    return flat < codeLen ? startCode + flat : dataPos + flat - codeLen;
  };
  const read = (addr: number) => (physical.read32(addr) ?? 0) >>> 0;
  const gotPic = (header.flags & FLAT_FLAG_GOTPIC) !== 0;

  if (gotPic) {
    const dataEnd = dataPos + header.dataEnd - header.dataStart;
    let entry = dataPos;
    // RISC-V's .got.plt begins with a header reserved for the dynamic linker whose first word is -1: two words
    // on rv32, four on rv64. Linux skips either, lest the loop stop before the first real entry.
    if (read(entry) === GOT_END) entry += read(entry + 4) === GOT_END ? 16 : 8;
    for (; ; entry += 4) {
      if (entry + 4 > dataEnd) fail('the GOT (FLAT_FLAG_GOTPIC) has no -1 word ending it inside the data');
      const value = read(entry);
      if (value === GOT_END) break;
      if (value !== 0) physical.write32(entry, runtimeAddress(value, `GOT entry at data+0x${(entry - dataPos).toString(16)}: address`));
    }
  }

  const file = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < header.relocCount; i++) {
    const location = runtimeAddress(file.getUint32(header.relocStart + 4 * i, false), `relocation ${i}: location`, 4);
    let value = read(location);
    // Zero stays zero, so that a NULL in a constructor table is not made to point at the text (Linux's rule).
    if (value === 0) continue;
    // Outside a GOTPIC program elf2flt stores the addresses big-endian; GOTPIC ones are in target order.
    if (!gotPic) value = byteSwap(value);
    physical.write32(location, runtimeAddress(value, `relocation ${i}: address`));
  }
}

function byteSwap(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}

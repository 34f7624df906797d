import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { MemoryMap } from '../../kernel/mm/MemoryMap.js';
import { NommuMmap } from '../../kernel/mm/NommuMmap.js';
import { PageAllocator } from '../../kernel/mm/PageAllocator.js';
import { ElfFile } from '../ElfFile.js';
import { Elf2FltError, elfToFlat } from './elf2flt.js';
import { FLAT_FLAG_RAM, FLAT_HEADER_SIZE, parseFlatHeader } from './FlatHeader.js';
import { loadFlatBinary } from './FlatLoader.js';

// Any static PIE will do: the converter does not care which start code it has.
const ELF_PATH = 'images/bin/programs/hello.elf';
const elfBytes = () => new Uint8Array(readFileSync(ELF_PATH));

/** The R_RISCV_RELATIVE entries of .rela.dyn: [offset, addend]. */
function relativeRelocations(elf: ElfFile): [number, number][] {
  const rela = elf.sections.find((s) => s.name === '.rela.dyn')!;
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + rela.offset, rela.size);
  const result: [number, number][] = [];
  for (let at = 0; at < rela.size; at += 12) result.push([view.getUint32(at, true), view.getUint32(at + 8, true)]);
  return result;
}

function conversionError(bytes: Uint8Array): string {
  try {
    elfToFlat(ElfFile.parse(bytes, 'prog.elf'));
  } catch (error) {
    if (error instanceof Elf2FltError) return error.message;
    throw error;
  }
  throw new Error('converted without error');
}

describe('elf2flt', () => {
  const elf = ElfFile.parse(elfBytes(), ELF_PATH);
  const flat = elfToFlat(elf);
  const header = parseFlatHeader(flat, 'hello.flt');
  const [text, data] = elf.loadSegments;
  const relocations = relativeRelocations(elf);
  // Flat addresses are link addresses moved up so that the data's file offset is a multiple of 32.
  const pad = header.dataStart - FLAT_HEADER_SIZE - data.vaddr;

  it('writes a RAM-loaded bFLT v4 with the data 32-byte aligned, as far from the text as it was linked', () => {
    expect(header.flags).toBe(FLAT_FLAG_RAM);
    expect(header.dataStart % 32).toBe(0);
    expect(pad).toBeGreaterThanOrEqual(0);
    expect(pad).toBeLessThan(32);
    expect(header.dataEnd - header.dataStart).toBe(data.filesz);
    expect(header.bssEnd - header.dataEnd).toBe(data.memsz - data.filesz);
    expect(header.entry).toBe(FLAT_HEADER_SIZE + pad + elf.entry);
    expect(header.stackSize).toBe(65536);
    expect(header.relocCount).toBe(relocations.length);
    expect(flat.subarray(FLAT_HEADER_SIZE + pad + 0x100, FLAT_HEADER_SIZE + pad + 0x140)).toEqual(
      elf.segmentData(text).subarray(0x100, 0x140),
    );
  });

  it('turns each R_RISCV_RELATIVE into a bFLT relocation that the loader resolves to the same target', () => {
    const physical = new PhysicalMemory(64 * PAGE_SIZE);
    physical.addRam('ram', 0x8000_0000, 64 * PAGE_SIZE);
    const mmap = new NommuMmap(physical, new PageAllocator(0x8000_0000, 64));
    const mm = new MemoryMap(physical);
    const image = loadFlatBinary(flat, 'hello.flt', { argv: [], envp: [], execfn: 'hello.flt' }, mm, mmap, physical);
    const bias = image.startCode + pad;
    expect(relocations.length).toBeGreaterThan(0);
    for (const [offset, addend] of relocations) expect(physical.read32(bias + offset)! >>> 0).toBe(bias + addend);
  });

  it('honours an explicit stack size', () => {
    expect(parseFlatHeader(elfToFlat(elf, { stackSize: 8192 }), 'hello.flt').stackSize).toBe(8192);
  });

  it('gives the same bytes every time', () => {
    expect(elfToFlat(ElfFile.parse(elfBytes(), ELF_PATH))).toEqual(flat);
  });

  it('refuses an executable that is not position-independent', () => {
    const bytes = elfBytes();
    bytes[16] = 2; // e_type = ET_EXEC
    expect(conversionError(bytes)).toBe('prog.elf: not position-independent (ELF type is not ET_DYN): link with -static-pie');
  });

  it('refuses an FDPIC program, whose data the bFLT loader could not reach', () => {
    expect(conversionError(new Uint8Array(readFileSync('images/bin/fdpic/hello.elf')))).toBe(
      'prog.elf: an FDPIC program (EF_RISCV_NONCONSTDISP): convert the static PIE it was made from',
    );
  });

  it('refuses relocations other than R_RISCV_RELATIVE', () => {
    const bytes = elfBytes();
    const rela = elf.sections.find((s) => s.name === '.rela.dyn')!;
    bytes[rela.offset + 4] = 1; // R_RISCV_32, which names a symbol
    expect(conversionError(bytes)).toMatch(
      /^prog\.elf: relocation type 1 at 0x[0-9a-f]+: only R_RISCV_RELATIVE can be converted \(link with -static-pie\)$/,
    );
  });
});

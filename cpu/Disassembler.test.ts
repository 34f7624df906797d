import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile, type ElfSymbol } from '../binfmt/ElfFile.js';
import { CSR } from './Csr.js';
import { csrName, disassemble, formatInstruction, UNKNOWN } from './Disassembler.js';

// The oracle: llvm-objdump-14 listings committed by images/disasm/build.sh, of the coverage programs in
// images/disasm and of the ISA test programs (images/bin/isa), so that no toolchain is needed here.
const REPO = new URL('../', import.meta.url);
const FIXTURES = new URL('images/bin/disasm/', REPO);

interface ListedInstruction {
  address: number;
  word: number;
  text: string;
}

interface Listing {
  elfPath: string;
  instructions: ListedInstruction[];
}

const FILE_LINE = /^(\S+):\s+file format elf32-littleriscv$/;
const SECTION_LINE = /^Disassembly of section \S+:$/;
const LABEL_LINE = /^[0-9a-f]+ <[^>]+>:$/;
/** llvm-objdump elides a run of zero bytes with this line. */
const ZEROS_LINE = /^\t\t\.\.\.$/;
const INSTRUCTION_LINE = /^ *([0-9a-f]+): ((?:[0-9a-f]{2} )+) *\t(.*)$/;

/** Every instruction of a listing; a line of any other shape fails, so that nothing is skipped unnoticed. */
function parseListing(text: string): Listing {
  let elfPath = '';
  const instructions: ListedInstruction[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || SECTION_LINE.test(line) || LABEL_LINE.test(line) || ZEROS_LINE.test(line)) continue;
    const file = FILE_LINE.exec(line);
    if (file) {
      elfPath = file[1];
      continue;
    }
    const instruction = INSTRUCTION_LINE.exec(line);
    if (!instruction) throw new Error(`unrecognised listing line: ${JSON.stringify(line)}`);
    const bytes = instruction[2].trim().split(' ').map((b) => parseInt(b, 16));
    // A 2-byte unit is what llvm-objdump makes of a word whose low bits say "compressed": C is not enabled.
    if (bytes.length !== 4 && bytes.length !== 2) throw new Error(`unexpected instruction length: ${line}`);
    const word = bytes.reduceRight((value, byte) => value * 256 + byte, 0);
    instructions.push({ address: parseInt(instruction[1], 16), word, text: normalise(instruction[3]) });
  }
  if (elfPath === '') throw new Error('listing names no ELF file');
  return { elfPath, instructions };
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

const STT_SECTION = 3;
const SHN_LORESERVE = 0xff00;

/**
 * The ` <symbol+0x...>` llvm-objdump-14 appends to a branch target: the symbol nearest below the target among the
 * symbols of the section(s) that start nearest below it, else among the absolute ones; of several at one address,
 * the greatest name. Section symbols and unnamed ones never count.
 */
function objdumpSymbolizer(elf: ElfFile): (address: number) => string | undefined {
  const symbols = elf.symbols().filter((s) => s.name !== '' && (s.info & 15) !== STT_SECTION);
  const inSection = (shndx: number) => shndx !== 0 && shndx < SHN_LORESERVE;
  return (target) => {
    let sectionAddress = -1;
    for (const section of elf.sections) {
      if (section.addr <= target && section.addr > sectionAddress) sectionAddress = section.addr;
    }
    const below = (s: ElfSymbol) => s.value <= target;
    let pool = symbols.filter((s) => below(s) && inSection(s.shndx) && elf.sections[s.shndx].addr === sectionAddress);
    if (pool.length === 0) pool = symbols.filter((s) => below(s) && !inSection(s.shndx));
    if (pool.length === 0) return undefined;
    const later = (a: ElfSymbol, b: ElfSymbol) =>
      b.value !== a.value ? b.value > a.value : b.name !== a.name ? b.name > a.name : (b.info & 15) > (a.info & 15);
    const best = pool.reduce((a, b) => (later(a, b) ? b : a));
    return best.value === target ? best.name : `${best.name}+0x${(target - best.value).toString(16)}`;
  };
}

function listingNames(folder: URL): string[] {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.objdump'));
  } catch {
    return [];
  }
}

const LISTINGS = [
  ...listingNames(FIXTURES).map((name) => new URL(name, FIXTURES)),
  ...listingNames(new URL('isa/', FIXTURES)).map((name) => new URL(`isa/${name}`, FIXTURES)),
];

describe('disassemble matches llvm-objdump-14', () => {
  it('has the coverage listings', () => {
    const names = LISTINGS.map((url) => url.pathname.split('/').pop());
    expect(names).toEqual(expect.arrayContaining(['coverage.objdump', 'csrs.objdump', 'program.objdump']));
  });

  for (const url of LISTINGS) {
    const name = url.pathname.slice(FIXTURES.pathname.length);
    it(name, () => {
      const listing = parseListing(readFileSync(url, 'utf8'));
      const elf = ElfFile.parse(new Uint8Array(readFileSync(new URL(listing.elfPath, REPO))), listing.elfPath);
      const options = { symbolize: objdumpSymbolizer(elf) };
      expect(listing.instructions.length).toBeGreaterThan(0);
      const mismatches: string[] = [];
      for (const { address, word, text } of listing.instructions) {
        const unsigned = disassemble(word, address, options);
        const signed = disassemble(word | 0, address, options);
        if (normalise(unsigned) !== text || signed !== unsigned) {
          mismatches.push(`${address.toString(16)}: ${word.toString(16)} objdump "${text}", ours "${unsigned}"`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe('csrName', () => {
  it('names every CSR number exactly as llvm-objdump-14 does', () => {
    const listing = parseListing(readFileSync(new URL('csrs.objdump', FIXTURES), 'utf8'));
    expect(listing.instructions).toHaveLength(4096);
    for (const { word, text } of listing.instructions) {
      const operands = /^csrrs a0, (\S+), a1$/.exec(text);
      expect(operands, text).not.toBeNull();
      expect(csrName(word >>> 20)).toBe(operands![1]);
    }
  });

  it('knows every CSR of this hart by its spec name', () => {
    for (const [name, csr] of Object.entries(CSR)) expect(csrName(csr)).toBe(name);
  });

  it('prints unknown CSRs (custom ones included) as decimal numbers', () => {
    expect(csrName(0x7c0)).toBe('1984');
    expect(csrName(0xfff)).toBe('4095');
    expect(csrName(0x3f0)).toBe('1008');
  });
});

describe('illegal words', () => {
  it('print as <unknown> and never throw', () => {
    // Each is <unknown> in images/bin/disasm/coverage.objdump or in the same llvm-objdump-14 run over raw words.
    for (const word of [0x00000000, 0xffffffff, 0x0000ffff, 0x04000033, 0x00003003, 0x00004023, 0x00002063,
      0x00001067, 0x0000302f, 0x1010202f, 0x2800202f, 0x000040f3, 0x302000f3, 0x120000f3, 0x0ff0800f, 0x1ff0000f,
      0x8ff0000f, 0x0010100f, 0x20055513, 0x0000007f, 0xf0059553, 0x00b50553, 0x0005a507]) {
      expect(disassemble(word, 0x80000000)).toBe(UNKNOWN);
      expect(disassemble(word | 0, 0x80000000)).toBe(UNKNOWN);
    }
  });

  it('include every word whose low bits do not say 32-bit', () => {
    for (let low = 0; low < 3; low++) expect(disassemble(0x00500513 & ~3 | low, 0)).toBe(UNKNOWN);
  });
});

describe('targets and trace lines', () => {
  it('wraps a branch target around the 32-bit address space, as llvm-objdump-14 prints it', () => {
    expect(disassemble(0xff9ff06f, 0)).toBe('j\t0xfffffff8');
    expect(disassemble(0x0100006f, 0xfffffff8)).toBe('j\t0x8');
  });

  it('asks the symbolizer about the target address only', () => {
    const asked: number[] = [];
    const symbolize = (address: number) => {
      asked.push(address);
      return address === 0x80000010 ? 'loop' : undefined;
    };
    const options = { symbolize };
    expect(disassemble(0x00b50863, 0x80000000, options)).toBe('beq\ta0, a1, 0x80000010 <loop>');
    expect(disassemble(0x00b50863, 0x80000004, options)).toBe('beq\ta0, a1, 0x80000014');
    expect(disassemble(0x00000513, 0x80000000, options)).toBe('li\ta0, 0');
    expect(asked).toEqual([0x80000010, 0x80000014]);
  });

  it('formats a trace line as address, word and text', () => {
    expect(formatInstruction(0x00000513, 0x80000000)).toBe('80000000: 00000513  li\ta0, 0');
    expect(formatInstruction(0xfe0a0ee3 | 0, 0x8000000c)).toBe('8000000c: fe0a0ee3  beqz\ts4, 0x80000008');
    expect(formatInstruction(0xffffffff, 0)).toBe('00000000: ffffffff  <unknown>');
  });
});

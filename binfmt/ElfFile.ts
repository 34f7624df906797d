import elfy from 'elfy';

/**
 * A validated 32-bit little-endian RISC-V ELF file.
 *
 * Parsing is done by `elfy`; this wrapper reads what elfy does not know (e_machine has no RISC-V name there, and
 * unknown p_type values are lost), checks every offset and size against the file before anything is loaded, and
 * turns every problem into an ElfError with a one-line message.
 */

export const EM_RISCV = 243;
export const ET_EXEC = 2;
export const ET_DYN = 3;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;

export const DT_NULL = 0;
export const DT_PLTGOT = 3;

/**
 * e_flags bit 6 of the RISC-V FDPIC/ePIC draft (riscv-elf-psabi-doc PR #429): every segment may be loaded at an
 * address of its own. Bit 5, EF_RISCV_FUNCDESC, marks code using function descriptors (FDPIC proper rather than
 * ePIC); it concerns the program's own calls, not the loader.
 */
export const EF_RISCV_NONCONSTDISP = 0x40;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfError';
  }
}

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  /** PF_R | PF_W | PF_X */
  flags: number;
  align: number;
}

export interface SectionHeader {
  name: string;
  type: number;
  /** SHF_* */
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  /** For a relocation section, the index of the section it applies to. */
  info: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  /** STT_* in the low nibble, STB_* in the high nibble, as in st_info. */
  info: number;
  shndx: number;
}

interface ElfyProgram {
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}
interface ElfySection {
  name: string;
  addr: number;
  off: number;
  size: number;
  link: number;
  entsize: number;
}
interface ElfyResult {
  class: string;
  endian: string;
  type: string;
  entry: number;
  flags: number;
  phoff: number;
  phnum: number;
  phentsize: number;
  shoff: number;
  shnum: number;
  body: { programs: ElfyProgram[]; sections: ElfySection[] };
}

export const SHT_SYMTAB = 2;
export const SHT_RELA = 4;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;

export class ElfFile {
  readonly type: number;
  readonly machine: number;
  readonly flags: number;
  readonly entry: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly programHeaders: ProgramHeader[];
  readonly sections: SectionHeader[];

  private constructor(readonly bytes: Uint8Array, readonly name: string) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length >= 4 && view.getUint32(0, false) !== 0x7f454c46) throw new ElfError(`${name}: not an ELF file (bad magic)`);
    if (bytes.length < 52) throw new ElfError(`${name}: not an ELF file (only ${bytes.length} bytes)`);
    if (bytes[4] !== 1) throw new ElfError(`${name}: not a 32-bit ELF file (EI_CLASS ${bytes[4]})`);
    if (bytes[5] !== 1) throw new ElfError(`${name}: not a little-endian ELF file (EI_DATA ${bytes[5]})`);
    this.machine = view.getUint16(18, true);
    if (this.machine !== EM_RISCV) {
      throw new ElfError(`${name}: ELF machine ${this.machine} is not RISC-V (${EM_RISCV})`);
    }

    const phoff = view.getUint32(28, true);
    const shoff = view.getUint32(32, true);
    const phnum = view.getUint16(44, true);
    const shnum = view.getUint16(48, true);
    if (phoff + phnum * view.getUint16(42, true) > bytes.length) {
      throw new ElfError(`${name}: program header table runs past the end of the file (${bytes.length} bytes): truncated?`);
    }
    if (shnum > 0 && shoff + shnum * view.getUint16(46, true) > bytes.length) {
      throw new ElfError(`${name}: section header table runs past the end of the file (${bytes.length} bytes): truncated?`);
    }

    let parsed: ElfyResult;
    try {
      parsed = elfy.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as ElfyResult;
    } catch (error) {
      throw new ElfError(`${name}: malformed ELF headers (${(error as Error).message})`);
    }
    this.type = view.getUint16(16, true);
    this.flags = parsed.flags >>> 0;
    this.entry = parsed.entry >>> 0;
    this.phoff = parsed.phoff >>> 0;
    this.phentsize = parsed.phentsize;

    if (parsed.phnum > 0 && parsed.phentsize !== 32) {
      throw new ElfError(`${name}: program header size ${parsed.phentsize} is not 32`);
    }
    this.programHeaders = parsed.body.programs.map((p, i) => {
      const at = this.phoff + i * 32;
      const header: ProgramHeader = {
        type: view.getUint32(at, true),
        offset: p.offset >>> 0,
        vaddr: p.vaddr >>> 0,
        filesz: p.filesz >>> 0,
        memsz: p.memsz >>> 0,
        flags: view.getUint32(at + 24, true),
        align: p.align >>> 0,
      };
      this.checkSegment(header, i);
      return header;
    });
    this.sections = parsed.body.sections.map((s, i) => ({
      name: s.name,
      type: view.getUint32(parsed.shoff + i * 40 + 4, true),
      flags: view.getUint32(parsed.shoff + i * 40 + 8, true),
      addr: s.addr >>> 0,
      offset: s.off >>> 0,
      size: s.size >>> 0,
      link: s.link,
      info: view.getUint32(parsed.shoff + i * 40 + 28, true),
      entsize: s.entsize,
    }));
  }

  /** Parses and validates `bytes`; throws ElfError with a one-line message naming `name`. */
  static parse(bytes: Uint8Array, name = 'ELF file'): ElfFile {
    return new ElfFile(bytes, name);
  }

  get loadSegments(): ProgramHeader[] {
    return this.programHeaders.filter((p) => p.type === PT_LOAD);
  }

  findProgramHeader(type: number): ProgramHeader | undefined {
    return this.programHeaders.find((p) => p.type === type);
  }

  /** The file bytes of a segment (its first filesz bytes; the rest up to memsz is zero-filled by the loader). */
  segmentData(segment: ProgramHeader): Uint8Array {
    return this.bytes.subarray(segment.offset, segment.offset + segment.filesz);
  }

  /** Symbols of .symtab (empty for a stripped file). */
  symbols(): ElfSymbol[] {
    const symtab = this.sections.find((s) => s.type === SHT_SYMTAB);
    if (!symtab) return [];
    const strtab = this.sections[symtab.link];
    if (!strtab || !this.inFile(symtab.offset, symtab.size) || !this.inFile(strtab.offset, strtab.size)) {
      throw new ElfError(`${this.name}: symbol table lies outside the file`);
    }
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const decoder = new TextDecoder();
    const symbols: ElfSymbol[] = [];
    for (let at = symtab.offset; at + 16 <= symtab.offset + symtab.size; at += 16) {
      const nameOffset = view.getUint32(at, true);
      let end = strtab.offset + nameOffset;
      while (end < strtab.offset + strtab.size && this.bytes[end] !== 0) end++;
      symbols.push({
        name: decoder.decode(this.bytes.subarray(strtab.offset + nameOffset, end)),
        value: view.getUint32(at + 4, true),
        size: view.getUint32(at + 8, true),
        info: this.bytes[at + 12],
        shndx: view.getUint16(at + 14, true),
      });
    }
    return symbols;
  }

  /** The (tag, value) pairs of the PT_DYNAMIC segment as stored in the file, up to DT_NULL. */
  dynamicEntries(): { tag: number; value: number }[] {
    const dynamic = this.findProgramHeader(PT_DYNAMIC);
    if (!dynamic) return [];
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + dynamic.offset, dynamic.filesz);
    const entries: { tag: number; value: number }[] = [];
    for (let at = 0; at + 8 <= dynamic.filesz; at += 8) {
      const tag = view.getInt32(at, true);
      if (tag === DT_NULL) break;
      entries.push({ tag, value: view.getUint32(at + 4, true) });
    }
    return entries;
  }

  symbol(name: string): ElfSymbol | undefined {
    return this.symbols().find((s) => s.name === name && s.shndx !== 0);
  }

  private inFile(offset: number, size: number): boolean {
    return offset + size <= this.bytes.length;
  }

  private checkSegment(p: ProgramHeader, index: number): void {
    if (p.type !== PT_LOAD && p.type !== PT_DYNAMIC && p.type !== PT_INTERP) return;
    if (!this.inFile(p.offset, p.filesz)) {
      throw new ElfError(
        `${this.name}: segment ${index} (offset 0x${p.offset.toString(16)}, ${p.filesz} bytes) runs past the end of the file (${this.bytes.length} bytes): truncated?`,
      );
    }
    if (p.memsz < p.filesz) throw new ElfError(`${this.name}: segment ${index} has memsz < filesz`);
    if (p.vaddr + p.memsz > 2 ** 32) throw new ElfError(`${this.name}: segment ${index} wraps around the address space`);
  }
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DT_PLTGOT, EF_RISCV_NONCONSTDISP, ElfFile, PF_W, SHT_RELA } from './ElfFile.js';
import { DT_DEBUG, FdpicLinkError, fdpicLink, GOT_SYMBOL } from './fdpicLink.js';

// hello as linked by images/fdpic/build.sh (crt1-fdpic.o, --emit-relocs), before the rewrite.
const LINKED = new Uint8Array(readFileSync('images/bin/fdpic/linked/hello.elf'));
const R_RISCV_PCREL_HI20 = 23;
const R_RISCV_GOT_HI20 = 20;
const R_RISCV_PCREL_LO12_I = 24;
const R_RISCV_HI20 = 26;
const R_RISCV_RELATIVE = 3;

interface Reloc {
  at: number;
  offset: number;
  type: number;
  symbolValue: number;
}

function textRelocations(elf: ElfFile): Reloc[] {
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset);
  const symbols = elf.symbols();
  const section = elf.sections.find((s) => s.type === SHT_RELA && s.name === '.rela.text')!;
  const relocs: Reloc[] = [];
  for (let at = section.offset; at < section.offset + section.size; at += 12) {
    const info = view.getUint32(at + 4, true);
    relocs.push({ at, offset: view.getUint32(at, true), type: info & 0xff, symbolValue: symbols[info >>> 8].value });
  }
  return relocs;
}

function linkError(bytes: Uint8Array): string {
  try {
    fdpicLink(bytes, 'prog.elf');
  } catch (error) {
    if (error instanceof FdpicLinkError) return error.message;
    throw error;
  }
  throw new Error('no FdpicLinkError');
}

describe('fdpicLink', () => {
  const input = ElfFile.parse(LINKED, 'hello');
  const [text, data] = [input.loadSegments.find((p) => !(p.flags & PF_W))!, input.loadSegments.find((p) => p.flags & PF_W)!];
  const fileOffset = (addr: number) => (addr >= data.vaddr ? addr - data.vaddr + data.offset : addr - text.vaddr + text.offset);
  const { bytes, rewritten, slots } = fdpicLink(LINKED, 'hello');
  const output = ElfFile.parse(bytes, 'hello');
  const word = (file: Uint8Array, addr: number) => new DataView(file.buffer, file.byteOffset).getUint32(fileOffset(addr), true);

  it('turns every auipc that reaches the data into a GOT load off gp, and leaves the rest alone', () => {
    const got = input.symbol(GOT_SYMBOL)!;
    const relocs = textRelocations(input);
    const changed = new Set<number>();
    let seen = 0;
    for (const hi of relocs.filter((r) => r.type === R_RISCV_PCREL_HI20 || r.type === R_RISCV_GOT_HI20)) {
      const partners = relocs.filter((r) => r.type === R_RISCV_PCREL_LO12_I && r.symbolValue === hi.offset);
      const auipc = word(LINKED, hi.offset);
      const target = (hi.offset + (auipc & 0xfffff000) + (word(LINKED, partners[0].offset) >> 20)) >>> 0;
      const inData = target >= data.vaddr && target <= data.vaddr + data.memsz;
      const after = word(bytes, hi.offset);
      if (!inData) {
        expect(after).toBe(auipc);
        continue;
      }
      seen++;
      // lw rd, slot(gp): same rd, base register 3, and the slot holds the target's link-time address.
      expect(after & 0x7fff).toBe((auipc & 0xf80) | 0x2003);
      expect((after >>> 15) & 0x1f).toBe(3);
      expect(word(bytes, got.value + (after >>> 20))).toBe(target);
      for (const lo of partners) {
        expect(word(bytes, lo.offset) >>> 20).toBe(0);
        expect(word(bytes, lo.offset) & 0xfffff).toBe(word(LINKED, lo.offset) & 0xfffff);
        changed.add(fileOffset(lo.offset));
      }
      changed.add(fileOffset(hi.offset));
    }
    expect(seen).toBe(rewritten);
    expect(rewritten).toBeGreaterThan(0);
    expect(word(bytes, got.value)).toBe(slots);

    // Nothing else changed but the GOT, the DT_DEBUG entry and e_flags.
    const dynamicIndex = input.dynamicEntries().findIndex((d) => d.tag === DT_DEBUG);
    const dynamicEntry = input.findProgramHeader(2)!.offset + 8 * dynamicIndex;
    const gotStart = fileOffset(got.value);
    for (let at = 0; at < LINKED.length; at += 4) {
      const same = LINKED.subarray(at, at + 4).every((b, i) => b === bytes[at + i]);
      if (same || changed.has(at) || at === 36) continue;
      if (at >= gotStart && at < gotStart + got.size) continue;
      if (at === dynamicEntry || at === dynamicEntry + 4) continue;
      throw new Error(`unexpected change at file offset 0x${at.toString(16)}`);
    }
  });

  it('marks the program FDPIC and points DT_PLTGOT at the GOT', () => {
    expect(output.flags).toBe(input.flags | EF_RISCV_NONCONSTDISP);
    expect(output.dynamicEntries().find((d) => d.tag === DT_PLTGOT)?.value).toBe(input.symbol(GOT_SYMBOL)!.value);
    expect(output.dynamicEntries().some((d) => d.tag === DT_DEBUG)).toBe(false);
  });

  it('refuses inputs it cannot handle, saying why', () => {
    expect(linkError(bytes)).toBe('prog.elf: already an FDPIC ELF');
    expect(linkError(new Uint8Array(readFileSync('images/bin/programs/hello.elf')))).toBe(
      'prog.elf: no relocations kept in the file: link with -Wl,--emit-relocs',
    );

    // An absolute (lui) relocation in the text.
    const absolute = LINKED.slice();
    const hi = textRelocations(input).find((r) => r.type === R_RISCV_PCREL_HI20)!;
    new DataView(absolute.buffer).setUint8(hi.at + 4, R_RISCV_HI20);
    expect(linkError(absolute)).toBe(
      `prog.elf: relocation type 26 at 0x${hi.offset.toString(16)} in .text cannot be made position independent per segment (compile with -fPIE -mno-relax)`,
    );

    // A run-time relocation that would write into the shared text.
    const textRelocation = LINKED.slice();
    const rela = input.dynamicEntries().find((d) => d.tag === 7)!.value;
    const view = new DataView(textRelocation.buffer);
    expect(view.getUint32(fileOffset(rela) + 4, true) & 0xff).toBe(R_RISCV_RELATIVE);
    view.setUint32(fileOffset(rela), input.entry, true);
    expect(linkError(textRelocation)).toBe(
      `prog.elf: text relocation at 0x${input.entry.toString(16)}: the text is shared between processes and must not be written (is there a pointer in read-only data?)`,
    );
  });
});

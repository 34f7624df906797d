import {
  DT_PLTGOT,
  EF_RISCV_NONCONSTDISP,
  ElfError,
  ElfFile,
  PF_W,
  type ProgramHeader,
  PT_DYNAMIC,
  SHF_ALLOC,
  SHF_WRITE,
  SHT_RELA,
} from './ElfFile.js';

/**
 * The post-link step that turns a static-PIE into an FDPIC ELF (ePIC flavour: one gp for the whole program), as
 * described in binfmt/README.md. Input: a static-PIE linked with --emit-relocs from code compiled -fPIE (or -fPIC)
 * -mno-relax, whose start code is crt1-fdpic.o (it defines the GOT area __fdpic_got). Every `auipc` that reaches
 * the data segment becomes `lw rd, slot(gp)`, loading the address from a GOT slot, and its paired %pcrel_lo
 * instructions get offset 0, so the two-instruction sequence keeps its length and meaning. Text-to-text references
 * stay PC-relative: the text may then sit anywhere, the same copy serving every process.
 */

export const DT_DEBUG = 21;
const DT_RELA = 7;
const DT_RELASZ = 8;

const R_RISCV_NONE = 0;
const R_RISCV_RELATIVE = 3;
const R_RISCV_BRANCH = 16;
const R_RISCV_JAL = 17;
const R_RISCV_CALL = 18;
const R_RISCV_CALL_PLT = 19;
const R_RISCV_GOT_HI20 = 20;
const R_RISCV_TLS_GOT_HI20 = 21;
const R_RISCV_PCREL_HI20 = 23;
const R_RISCV_PCREL_LO12_I = 24;
const R_RISCV_PCREL_LO12_S = 25;
const R_RISCV_TPREL_HI20 = 29;
const R_RISCV_TPREL_LO12_I = 30;
const R_RISCV_TPREL_LO12_S = 31;
const R_RISCV_TPREL_ADD = 32;
const R_RISCV_ADD8 = 33;
const R_RISCV_SUB64 = 42;
const R_RISCV_ALIGN = 43;
const R_RISCV_RVC_BRANCH = 44;
const R_RISCV_RVC_JUMP = 45;
const R_RISCV_RELAX = 51;
const R_RISCV_SUB6 = 52;
const R_RISCV_SET32 = 56;
const R_RISCV_32_PCREL = 57;

/** auipc's target: the upper immediate plus its %pcrel_lo partners' offset. */
const HI20_TYPES = new Set([R_RISCV_PCREL_HI20, R_RISCV_GOT_HI20, R_RISCV_TLS_GOT_HI20]);
const LO12_TYPES = new Set([R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S]);
/** Resolved at link time to something that does not move with the data: nothing to do. */
const TEXT_SAFE_TYPES = new Set([
  R_RISCV_NONE,
  R_RISCV_BRANCH,
  R_RISCV_JAL,
  R_RISCV_CALL,
  R_RISCV_CALL_PLT,
  R_RISCV_TPREL_HI20,
  R_RISCV_TPREL_LO12_I,
  R_RISCV_TPREL_LO12_S,
  R_RISCV_TPREL_ADD,
  R_RISCV_ALIGN,
  R_RISCV_RVC_BRANCH,
  R_RISCV_RVC_JUMP,
  R_RISCV_RELAX,
  R_RISCV_32_PCREL,
]);
/** Label differences (jump tables, .eh_frame): fine between two places of the text. */
const isDifference = (type: number) => (type >= R_RISCV_ADD8 && type <= R_RISCV_SUB64) || (type >= R_RISCV_SUB6 && type <= R_RISCV_SET32);

const GP = 3;
const OPCODE_AUIPC = 0x17;
const OPCODE_LOAD = 0x03;
const OPCODE_STORE = 0x23;
/** gp-relative offsets reach 2047 bytes: the GOT's first word (the slot count) and 511 slots. */
const MAX_GOT_BYTES = 2048;
export const GOT_SYMBOL = '__fdpic_got';

export class FdpicLinkError extends Error {}

interface Relocation {
  offset: number;
  type: number;
  /** Value of the relocation's symbol (for %pcrel_lo: the address of its auipc). */
  symbolValue: number;
  section: string;
}

export interface FdpicLinkResult {
  bytes: Uint8Array;
  /** How many auipc sequences now reach data through the GOT, and through how many slots. */
  rewritten: number;
  slots: number;
}

const hex = (value: number) => `0x${value.toString(16)}`;

export function fdpicLink(input: Uint8Array, name: string): FdpicLinkResult {
  let elf: ElfFile;
  try {
    elf = ElfFile.parse(input, name);
  } catch (error) {
    if (error instanceof ElfError) throw new FdpicLinkError(error.message);
    throw error;
  }
  const fail = (message: string): never => {
    throw new FdpicLinkError(`${name}: ${message}`);
  };
  if (elf.flags & EF_RISCV_NONCONSTDISP) fail('already an FDPIC ELF');
  const loads = elf.loadSegments;
  const text = loads.filter((p) => !(p.flags & PF_W));
  const data = loads.filter((p) => p.flags & PF_W);
  if (text.length === 0 || data.length === 0) fail('expected a read-only (text) and a writable (data) PT_LOAD segment');
  const within = (segments: ProgramHeader[], addr: number) => segments.some((p) => addr >= p.vaddr && addr <= p.vaddr + p.memsz);
  const fileOffsetOf = (addr: number) => {
    const segment = loads.find((p) => addr >= p.vaddr && addr < p.vaddr + p.filesz);
    if (!segment) return fail(`address ${hex(addr)} has no file contents`);
    return addr - segment.vaddr + segment.offset;
  };

  const bytes = input.slice();
  const view = new DataView(bytes.buffer);
  const read32 = (addr: number) => view.getUint32(fileOffsetOf(addr), true);
  const write32 = (addr: number, value: number) => view.setUint32(fileOffsetOf(addr), value >>> 0, true);

  // Run-time relocations: the start code applies them through the load map, so none may touch the shared text.
  const dynamic = elf.dynamicEntries();
  const rela = dynamic.find((d) => d.tag === DT_RELA)?.value ?? 0;
  const relaSize = dynamic.find((d) => d.tag === DT_RELASZ)?.value ?? 0;
  for (let at = rela; at < rela + relaSize; at += 12) {
    const offset = read32(at);
    const type = read32(at + 4) & 0xff;
    if (type !== R_RISCV_RELATIVE) fail(`dynamic relocation type ${type} at ${hex(offset)}: only R_RISCV_RELATIVE is supported (link with -static-pie)`);
    if (!within(data, offset)) fail(`text relocation at ${hex(offset)}: the text is shared between processes and must not be written (is there a pointer in read-only data?)`);
  }

  const relocations = emittedTextRelocations(elf, text, fail);
  const partners = new Map<number, Relocation[]>();
  for (const r of relocations.filter((r) => LO12_TYPES.has(r.type))) {
    const list = partners.get(r.symbolValue) ?? [];
    list.push(r);
    partners.set(r.symbolValue, list);
  }

  const slots = new Map<number, number>();
  let rewritten = 0;
  for (const hi of relocations) {
    if (!HI20_TYPES.has(hi.type)) {
      if (!LO12_TYPES.has(hi.type) && !TEXT_SAFE_TYPES.has(hi.type) && !isDifference(hi.type)) {
        fail(`relocation type ${hi.type} at ${hex(hi.offset)} in ${hi.section} cannot be made position independent per segment (compile with -fPIE -mno-relax)`);
      }
      continue;
    }
    const auipc = read32(hi.offset);
    if ((auipc & 0x7f) !== OPCODE_AUIPC) fail(`no auipc at ${hex(hi.offset)} for its relocation`);
    const los = partners.get(hi.offset);
    if (!los) fail(`the auipc at ${hex(hi.offset)} has no %pcrel_lo partner`);
    for (const lo of los!) {
      const opcode = read32(lo.offset) & 0x7f;
      if ((lo.type === R_RISCV_PCREL_LO12_S) !== (opcode === OPCODE_STORE)) fail(`unexpected instruction for %pcrel_lo at ${hex(lo.offset)}`);
    }
    const offsets = new Set(los!.map((lo) => lowImmediate(read32(lo.offset), lo.type)));
    if (offsets.size !== 1) fail(`the %pcrel_lo partners of the auipc at ${hex(hi.offset)} disagree`);
    const target = (hi.offset + (auipc & 0xfffff000) + [...offsets][0]) >>> 0;
    if (within(text, target)) continue;
    if (!within(data, target)) fail(`the auipc at ${hex(hi.offset)} reaches ${hex(target)}, outside every segment`);

    let slot = slots.get(target);
    if (slot === undefined) {
      slot = slots.size + 1;
      slots.set(target, slot);
    }
    const rd = (auipc >>> 7) & 0x1f;
    write32(hi.offset, ((slot * 4) << 20) | (GP << 15) | (2 << 12) | (rd << 7) | OPCODE_LOAD);
    for (const lo of los!) write32(lo.offset, withLowImmediate(read32(lo.offset), lo.type, 0));
    rewritten++;
  }

  const got = elf.symbol(GOT_SYMBOL) ?? fail(`no ${GOT_SYMBOL}: link with the FDPIC start code (crt1-fdpic.o)`);
  const capacity = Math.min(got.size, MAX_GOT_BYTES) / 4 - 1;
  if (!within(data, got.value)) fail(`${GOT_SYMBOL} is not in the data segment`);
  if (slots.size > capacity) fail(`the program reaches ${slots.size} data addresses, more than the ${capacity} GOT slots of ${GOT_SYMBOL}`);
  // The slot count first, then each slot's link-time address, which the start code moves through the load map.
  write32(got.value, slots.size);
  for (const [target, slot] of slots) write32(got.value + 4 * slot, target);

  // DT_PLTGOT tells the kernel where gp goes. A static program has no debugger rendezvous: DT_DEBUG makes room.
  const dynamicHeader = elf.findProgramHeader(PT_DYNAMIC) ?? fail('no PT_DYNAMIC (link with -static-pie)');
  const debugIndex = dynamic.findIndex((d) => d.tag === DT_DEBUG);
  if (debugIndex < 0) fail('no DT_DEBUG entry in the dynamic section to turn into DT_PLTGOT');
  const entry = dynamicHeader.offset + 8 * debugIndex;
  view.setInt32(entry, DT_PLTGOT, true);
  view.setUint32(entry + 4, got.value, true);

  view.setUint32(36, (elf.flags | EF_RISCV_NONCONSTDISP) >>> 0, true);
  return { bytes, rewritten, slots: slots.size };
}

/** The --emit-relocs relocations of every allocated read-only section (the text segment's). */
function emittedTextRelocations(elf: ElfFile, text: ProgramHeader[], fail: (message: string) => never): Relocation[] {
  const symbols = elf.symbols();
  const bytes = elf.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const relocations: Relocation[] = [];
  let found = false;
  for (const section of elf.sections) {
    if (section.type !== SHT_RELA) continue;
    const target = elf.sections[section.info];
    if (!target || !(target.flags & SHF_ALLOC)) continue;
    found = true;
    if (target.flags & SHF_WRITE) continue;
    if (!text.some((p) => target.addr >= p.vaddr && target.addr < p.vaddr + p.memsz)) continue;
    for (let at = section.offset; at + 12 <= section.offset + section.size; at += 12) {
      const info = view.getUint32(at + 4, true);
      const symbol = symbols[info >>> 8];
      relocations.push({ offset: view.getUint32(at, true), type: info & 0xff, symbolValue: symbol?.value ?? 0, section: target.name });
    }
  }
  if (!found) fail('no relocations kept in the file: link with -Wl,--emit-relocs');
  return relocations;
}

/** The 12-bit offset of an I-type (loads, addi, jalr) or S-type (stores) instruction. */
function lowImmediate(instruction: number, type: number): number {
  if (type === R_RISCV_PCREL_LO12_S) return ((instruction >> 25) << 5) | ((instruction >>> 7) & 0x1f);
  return instruction >> 20;
}

function withLowImmediate(instruction: number, type: number, value: number): number {
  if (type === R_RISCV_PCREL_LO12_S) {
    return (instruction & 0x01fff07f) | (((value >> 5) & 0x7f) << 25) | ((value & 0x1f) << 7);
  }
  return (instruction & 0x000fffff) | ((value & 0xfff) << 20);
}

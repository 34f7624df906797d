import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../cpu/PhysicalMemory.js';
import { FLASH_BASE, FLASH_SIZE } from '../devices/Flash.js';
import { Errno } from '../kernel/errno.js';
import type { MemoryMap } from '../kernel/mm/MemoryMap.js';
import { mmapBackingOf } from '../kernel/vfs/fileMmap.js';
import { O_RDONLY } from '../kernel/vfs/openFlags.js';
import { buildRomfsImage, type RomfsNode } from '../kernel/vfs/romfs/RomfsBuilder.js';
import { romMachine } from '../kernel/vfs/romfs/testing.js';
import { DT_PLTGOT, EF_RISCV_NONCONSTDISP, PF_R, PF_W, PF_X, PT_DYNAMIC, PT_LOAD } from './ElfFile.js';
import { ExecError } from './ElfLoader.js';
import { createInitialStack } from './InitialStack.js';
import { loadBinary } from './loadBinary.js';

/**
 * A hand-made two-segment program, small enough to check by eye. Text: file offset 0, linked at 0, 0x200 bytes
 * (headers, then code at 0x100, the entry). Data: file offset 0x1100, linked at 0x1100, 0x40 bytes in the file
 * (the dynamic section: DT_PLTGOT = 0x1110, then DT_NULL; from 0x1110 the GOT words 1, 2, 3, 4) and 0x2000 in
 * memory (the rest is bss).
 */
interface Layout {
  flags: number;
  dataOffset: number;
  textMemsz: number;
  pltgot: number;
}
const GOOD: Layout = { flags: EF_RISCV_NONCONSTDISP, dataOffset: 0x1100, textMemsz: 0x200, pltgot: 0x1110 };

function program(layout: Partial<Layout> = {}): Uint8Array {
  const { flags, dataOffset, textMemsz, pltgot } = { ...GOOD, ...layout };
  // After the data: a section name table and two section headers (null, .shstrtab), which elfy insists on.
  const names = dataOffset + 0x40;
  const sections = names + 12;
  const bytes = new Uint8Array(sections + 2 * 40);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('\0.shstrtab\0'), names);
  view.setUint32(sections + 40 + 0, 1, true); // sh_name
  view.setUint32(sections + 40 + 4, 3, true); // SHT_STRTAB
  view.setUint32(sections + 40 + 16, names, true);
  view.setUint32(sections + 40 + 20, 11, true);
  view.setUint32(32, sections, true); // e_shoff
  view.setUint16(48, 2, true); // e_shnum
  view.setUint16(50, 1, true); // e_shstrndx
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  view.setUint16(16, 3, true); // ET_DYN
  view.setUint16(18, 243, true); // EM_RISCV
  view.setUint32(20, 1, true);
  view.setUint32(24, 0x100, true); // e_entry
  view.setUint32(28, 52, true); // e_phoff
  view.setUint32(36, flags, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, 3, true);
  view.setUint16(46, 40, true);
  const header = (index: number, values: number[]) => values.forEach((v, i) => view.setUint32(52 + 32 * index + 4 * i, v, true));
  header(0, [PT_LOAD, 0, 0, 0, 0x200, textMemsz, PF_R | PF_X, PAGE_SIZE]);
  header(1, [PT_LOAD, dataOffset, 0x1100, 0x1100, 0x40, 0x2000, PF_R | PF_W, PAGE_SIZE]);
  header(2, [PT_DYNAMIC, dataOffset, 0x1100, 0x1100, 0x10, 0x10, PF_R | PF_W, 4]);
  view.setUint32(0x100, 0x0000_0013, true); // nop
  view.setInt32(dataOffset, DT_PLTGOT, true);
  view.setUint32(dataOffset + 4, pltgot, true);
  [1, 2, 3, 4].forEach((word, i) => view.setUint32(dataOffset + 0x10 + 4 * i, word, true));
  return bytes;
}

const romFile = (data: Uint8Array): RomfsNode => ({ kind: 'file', mode: 0o755, data });

function machineWith(files: Record<string, Uint8Array>) {
  const root: RomfsNode = {
    kind: 'directory',
    mode: 0o755,
    entries: new Map(Object.entries(files).map(([name, data]) => [name, romFile(data)])),
  };
  const machine = romMachine(buildRomfsImage(root));
  const load = (name: string, mm: MemoryMap = machine.newMm()) => {
    const path = `/rom/${name}`;
    const bytes = files[name];
    const openForMapping = () => {
      const file = machine.openOrThrow(path, O_RDONLY);
      return mmapBackingOf(machine.vfs, file, machine.fs.root);
    };
    return { mm, image: loadBinary({ bytes, name: path, openForMapping }, mm, machine.mmap, machine.physical) };
  };
  return { ...machine, load };
}

const inFlash = (addr: number) => addr >= FLASH_BASE && addr < FLASH_BASE + FLASH_SIZE;

function execError(run: () => unknown): ExecError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExecError) return error;
    throw error;
  }
  throw new Error('no ExecError');
}

describe('loadBinary: FDPIC ELF', () => {
  it('maps the text straight from flash, shared, and gives each process its own copy of the data', () => {
    const machine = machineWith({ prog: program() });
    const first = machine.load('prog');
    const second = machine.load('prog');
    const [text, data] = first.image.segments;
    const [otherText, otherData] = second.image.segments;

    expect(inFlash(text.addr)).toBe(true);
    expect(otherText.addr).toBe(text.addr);
    expect(machine.physical.read32(text.addr + 0x100)).toBe(0x13);
    expect(inFlash(data.addr)).toBe(false);
    expect(otherData.addr).not.toBe(data.addr);
    // Segments move independently: the data is not at a constant distance from the text.
    expect(data.addr - text.addr).not.toBe(0x1100);

    expect(first.image.segments).toEqual([
      { addr: text.addr, vaddr: 0, memsz: 0x200 },
      { addr: data.addr, vaddr: 0x1100, memsz: 0x2000 },
    ]);
    expect(data.addr % PAGE_SIZE).toBe(0x100);
    expect(first.image.entry).toBe(text.addr + 0x100);
    expect(first.image.phdrAddr).toBe(text.addr + 52);
    expect(first.image.dynamicAddr).toBe(data.addr);
    expect(first.image.globalPointer).toBe(data.addr + 0x10);
    expect(second.image.globalPointer).toBe(otherData.addr + 0x10);

    const word = (addr: number) => machine.physical.read32(addr);
    expect([0, 4, 8, 12].map((at) => word(first.image.globalPointer + at))).toEqual([1, 2, 3, 4]);
    // bss, and the part of the first page before the segment, are cleared rather than copied from the file.
    expect(word(data.addr + 0x40)).toBe(0);
    expect(word(data.addr + 0x1ffc)).toBe(0);
    expect(word(data.addr - 0x100 + 0x34)).toBe(0);

    machine.physical.write32(first.image.globalPointer, 99);
    expect(word(second.image.globalPointer)).toBe(1);
    expect(first.mm.startCode).toBe(text.addr);
    expect(first.mm.startData).toBe(data.addr);
  });

  it('passes the load map on the initial stack, as struct elf32_fdpic_loadmap', () => {
    const machine = machineWith({ prog: program() });
    const { mm, image } = machine.load('prog');
    const start = createInitialStack(
      image,
      { argv: ['prog'], envp: [], execfn: '/rom/prog', random: new Uint8Array(16), uid: 0, gid: 0 },
      mm,
      machine.mmap,
      machine.physical,
    );
    const word = (offset: number) => machine.physical.read32(start.loadmapAddr + offset)! >>> 0;
    expect(word(0)).toBe(2 << 16); // version 0, nsegs 2
    expect([word(4), word(8), word(12)]).toEqual([image.segments[0].addr, 0, 0x200]);
    expect([word(16), word(20), word(24)]).toEqual([image.segments[1].addr, 0x1100, 0x2000]);
  });

  it('loads a program without the FDPIC flag as one block at a constant displacement', () => {
    const machine = machineWith({ prog: program({ flags: 0 }) });
    const { image } = machine.load('prog');
    const [text, data] = image.segments;
    expect(inFlash(text.addr)).toBe(false);
    expect(data.addr - text.addr).toBe(0x1100);
    expect(image.globalPointer).toBe(0);
  });

  it('refuses FDPIC segments it cannot map, with ENOEXEC and a reason', () => {
    const machine = machineWith({
      skewed: program({ dataOffset: 0x1200 }),
      bss: program({ textMemsz: 0x300 }),
      got: program({ pltgot: 0x9000 }),
    });
    const skewed = execError(() => machine.load('skewed'));
    expect(skewed.errno).toBe(Errno.ENOEXEC);
    expect(skewed.message).toBe(
      '/rom/skewed: FDPIC segment 1 has file offset 0x1200 and address 0x1100 in different page positions: it cannot be mapped from the file',
    );
    const bss = execError(() => machine.load('bss'));
    expect(bss.errno).toBe(Errno.ENOEXEC);
    expect(bss.message).toMatch(/read-only FDPIC segment 0 has 256 bytes of bss/);
    const got = execError(() => machine.load('got'));
    expect(got.errno).toBe(Errno.ENOEXEC);
    expect(got.message).toBe('/rom/got: DT_PLTGOT 0x9000 is outside every segment');
  });
});

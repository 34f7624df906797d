import { describe, expect, it } from 'vitest';
import { CAUSE } from '../cpu/Csr.js';
import { Hart } from '../cpu/Hart.js';
import { ACCESS_FAULT, PAGE_MMIO, PAGE_R, PAGE_SIZE, PAGE_X, PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { Flash } from './Flash.js';

const BASE = 0x2000_0000;
const SECTOR = 64 * 1024;
const SIZE = 4 * SECTOR;

function setup() {
  const physical = new PhysicalMemory(SIZE);
  const flash = new Flash(physical, BASE, SIZE, SECTOR);
  /** What a load by machine mode sees: the fast path's bytes, or the device when the page is diverted. */
  const load = (addr: number, width: 1 | 2 | 4 = 1) => {
    const entry = physical.machineMap[addr >>> 12];
    if (entry & PAGE_MMIO) return physical.slowLoad(physical.machineMap, addr, width, false, PAGE_R);
    const at = physical.backingOffsetOfRange(addr, width);
    let value = 0;
    for (let i = width - 1; i >= 0; i--) value = (value << 8) | physical.u8[at + i];
    return value >>> 0;
  };
  return { physical, flash, load };
}

describe('NOR flash', () => {
  it('is readable and executable memory holding its image, erased (all ones) after it', () => {
    const { physical, flash, load } = setup();
    flash.loadImage(new Uint8Array([1, 2, 3, 4]));
    expect(physical.machineMap[BASE >>> 12] & (PAGE_R | PAGE_X | PAGE_MMIO)).toBe(PAGE_R | PAGE_X);
    expect(load(BASE, 4)).toBe(0x04030201);
    expect(load(BASE + 4)).toBe(0xff);
    expect(physical.slowStore(physical.machineMap, BASE, 4, 0)).toBe(false);
    expect(() => flash.loadImage(new Uint8Array(SIZE + 1))).toThrow(RangeError);
  });

  it('programs only by clearing bits and reports a byte that needed a one back', () => {
    const { flash, load } = setup();
    expect(flash.program(16, new Uint8Array([0x0f, 0xf0]))).toBe(true);
    expect([load(BASE + 16), load(BASE + 17)]).toEqual([0x0f, 0xf0]);
    expect(flash.program(16, new Uint8Array([0xf3]))).toBe(false);
    expect(load(BASE + 16)).toBe(0x03);
  });

  it('erases whole sectors back to ones and refuses a partial sector', () => {
    const { flash, load } = setup();
    flash.program(SECTOR - 1, new Uint8Array([0, 0]));
    flash.erase(SECTOR, SECTOR);
    expect([load(BASE + SECTOR - 1), load(BASE + SECTOR)]).toEqual([0, 0xff]);
    expect(() => flash.beginErase(SECTOR, 4096)).toThrow(RangeError);
    expect(flash.busy).toBe(false);
  });

  it('answers reads with toggling status words, not data, while an operation is in progress', () => {
    const { physical, flash, load } = setup();
    flash.program(0, new Uint8Array([0x12, 0x34, 0x56, 0x78]));
    flash.beginErase(0, SECTOR);
    expect(flash.busy).toBe(true);
    // The whole chip is diverted: even a sector that is not being erased shows status.
    const first = load(BASE, 4);
    const second = load(BASE, 4);
    const elsewhere = load(BASE + 3 * SECTOR, 1);
    expect(first).not.toBe(0x78563412);
    expect(first & 0x80).toBe(0); // DQ7: the complement of the erased data's bit 7
    expect(first & 0x08).toBe(0x08); // DQ3: erase in progress
    expect((first ^ second) & 0x40).toBe(0x40); // DQ6 toggles from read to read
    expect(elsewhere & 0x88).toBe(0x08);
    // Fetching instructions from the busy chip faults (the fetch fast path refuses MMIO pages).
    expect(physical.machineMap[BASE >>> 12] & PAGE_MMIO).toBe(PAGE_MMIO);
    expect(() => flash.readData(0, new Uint8Array(1))).toThrow(/in progress/);
    expect(() => flash.beginProgram(0, new Uint8Array(1))).toThrow(/in progress/);
    flash.finish();
    expect(load(BASE, 4)).toBe(0xffffffff);
    expect(physical.machineMap[BASE >>> 12] & PAGE_MMIO).toBe(0);
  });

  it('shows data polling of the byte being programmed', () => {
    const { flash, load } = setup();
    flash.beginProgram(8, new Uint8Array([0x00]));
    expect(load(BASE + 8) & 0x80).toBe(0x80);
    expect(flash.finish()).toBe(true);
    expect(load(BASE + 8)).toBe(0);
    expect(() => flash.finish()).toThrow(/no operation/);
  });

  it('a misaligned read of the busy chip faults like any device access', () => {
    const { physical, flash } = setup();
    flash.beginErase(0, SECTOR);
    expect(physical.slowLoad(physical.machineMap, BASE + 1, 4, false, PAGE_R)).toBe(ACCESS_FAULT);
    flash.finish();
  });

  it('reports changed bytes of pages holding translated code, and only those', () => {
    const { physical, flash } = setup();
    const reported: number[] = [];
    physical.codeWatcher = (addr) => reported.push(addr);
    physical.markCode(BASE + PAGE_SIZE, true);
    flash.program(PAGE_SIZE - 4, new Uint8Array(12));
    expect(reported).toEqual([BASE + PAGE_SIZE, BASE + PAGE_SIZE + 4]);
    reported.length = 0;
    flash.erase(0, SECTOR);
    expect(reported.length).toBe(PAGE_SIZE / 4);
    expect(reported.every((addr) => addr >= BASE + PAGE_SIZE && addr < BASE + 2 * PAGE_SIZE)).toBe(true);
  });
});

describe('code executed in place from flash', () => {
  const RAM = 0x8000_0000;
  const DEVICE = 0x1000_0000;
  const [ZERO, T0, T1, S1, A0] = [0, 5, 6, 9, 10];
  const iType = (opcode: number, funct3: number, rd: number, rs1: number, imm: number) =>
    ((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
  const addi = (rd: number, rs1: number, imm: number) => iType(0x13, 0, rd, rs1, imm);
  const lui = (rd: number, value: number) => (value & 0xfffff000) | (rd << 7) | 0x37;
  const sw = (rs2: number, rs1: number) => (rs2 << 20) | (rs1 << 15) | (2 << 12) | 0x23;
  /** Branch or jump from instruction `from` to `to`: offsets only backwards or forwards by less than 2 KiB. */
  const branchOffset = (from: number, to: number) => {
    const off = (to - from) * 4;
    return (((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7);
  };
  const bne = (rs1: number, rs2: number, from: number, to: number) => branchOffset(from, to) | (rs2 << 20) | (rs1 << 15) | (1 << 12) | 0x63;
  const jal = (from: number, to: number) => {
    const off = (to - from) * 4;
    return (((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12) | 0x6f;
  };
  const EBREAK = 0x0010_0073;
  const words = (values: number[]) => new Uint8Array(Uint32Array.from(values, (value) => value >>> 0).buffer);

  // A hot loop adds 3 to a0 a thousand times; then a store asks a device to reprogram the loop's addi to add 1
  // (clearing one bit, as flash can), and the loop runs a thousand times more.
  const program = [
    lui(T1, DEVICE),
    addi(T0, ZERO, 1000),
    addi(A0, A0, 3), // 2: the loop
    addi(T0, T0, -1),
    bne(T0, ZERO, 4, 2),
    bne(S1, ZERO, 5, 10),
    sw(ZERO, T1),
    addi(S1, ZERO, 1),
    addi(T0, ZERO, 1000),
    jal(9, 2), // straight back into the translated loop
    EBREAK,
  ];

  function run(translate: boolean): Hart {
    const physical = new PhysicalMemory(PAGE_SIZE + SIZE);
    physical.addRam('ram', RAM, PAGE_SIZE);
    physical.load(RAM, words([0x6f])); // the trap vector jumps to itself
    const flash = new Flash(physical, BASE, SIZE, SECTOR);
    flash.loadImage(words(program));
    physical.addMmio(DEVICE, PAGE_SIZE, { name: 'programmer', read: () => 0, write: () => void flash.program(8, words([addi(A0, A0, 1)])) });
    const hart = new Hart(physical, translate ? { hotThreshold: 2 } : false);
    hart.reset(BASE);
    hart.mtvec = RAM;
    hart.run(20_000);
    return hart;
  }

  it('runs translated, and reprogramming the flash mid-run drops the translation at once', () => {
    const translated = run(true);
    expect(translated.translatedSteps).toBeGreaterThan(1000);
    expect(translated.mcause).toBe(CAUSE.breakpoint);
    expect(translated.regs[A0]).toBe(4000);
    expect(run(false).regs[A0]).toBe(4000);
  });
});

import { describe, expect, it } from 'vitest';
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

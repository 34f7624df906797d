import { describe, expect, it } from 'vitest';
import { type MemoryAccess, decodeMemoryAccess } from './MemoryAccess.js';

// Instruction words from llvm-mc-14 -triple=riscv32 -mattr=+a -show-encoding; a1 (x11) is the base register.
const BASE = 0x8000_1000;

function accessOf(inst: number): MemoryAccess | undefined {
  const regs = new Int32Array(32);
  regs[11] = BASE | 0;
  const access: MemoryAccess = { address: 0, width: 0, reads: false, writes: false };
  return decodeMemoryAccess(inst, regs, access) ? { ...access } : undefined;
}

const read = (address: number, width: number) => ({ address, width, reads: true, writes: false });
const write = (address: number, width: number) => ({ address, width, reads: false, writes: true });

describe('decodeMemoryAccess', () => {
  it.each([
    ['lb a0, -1(a1)', 0xfff58503, read(BASE - 1, 1)],
    ['lh a0, 2(a1)', 0x00259503, read(BASE + 2, 2)],
    ['lw a0, 2047(a1)', 0x7ff5a503, read(BASE + 2047, 4)],
    ['lbu a0, -2048(a1)', 0x8005c503, read(BASE - 2048, 1)],
    ['lhu a0, 0(a1)', 0x0005d503, read(BASE, 2)],
    ['sb a2, -1(a1)', 0xfec58fa3, write(BASE - 1, 1)],
    ['sh a2, 6(a1)', 0x00c59323, write(BASE + 6, 2)],
    ['sw a2, 2047(a1)', 0x7ec5afa3, write(BASE + 2047, 4)],
    ['lr.w a0, (a1)', 0x1005a52f, read(BASE, 4)],
    ['sc.w a0, a2, (a1)', 0x18c5a52f, write(BASE, 4)],
    ['amoadd.w.aqrl a0, a2, (a1)', 0x06c5a52f, { address: BASE, width: 4, reads: true, writes: true }],
    ['amoswap.w a0, a2, (a1)', 0x08c5a52f, { address: BASE, width: 4, reads: true, writes: true }],
  ])('%s', (_, inst, expected) => {
    expect(accessOf(inst)).toEqual(expected);
  });

  it('finds no access in other instructions, nor in invalid load/store/AMO encodings (they trap)', () => {
    expect(accessOf(0x00458513)).toBeUndefined(); // addi a0, a1, 4
    expect(accessOf(0x0005b503)).toBeUndefined(); // load funct3 3 (ld, not rv32)
    expect(accessOf(0x00c5b023)).toBeUndefined(); // store funct3 3 (sd)
    expect(accessOf(0x00c5b52f)).toBeUndefined(); // AMO funct3 3 (64-bit)
  });

  it('wraps the effective address around the 32-bit space', () => {
    const regs = new Int32Array(32);
    regs[11] = -1; // 0xffffffff
    const access: MemoryAccess = { address: 0, width: 0, reads: false, writes: false };
    expect(decodeMemoryAccess(0x00259503, regs, access)).toBe(true); // lh a0, 2(a1)
    expect(access.address).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { CAUSE, INTERRUPT_BIT, IRQ_MTI, MIP_MTIP, MSTATUS_MIE, PRIV_U } from './Csr.js';
import { Hart, StopReason } from './Hart.js';
import { type AccessWidth, PAGE_CODE, PAGE_RWX, PAGE_SIZE, PhysicalMemory } from './PhysicalMemory.js';

// Each scenario runs twice, in the interpreter (the reference) and with translation on, and must end in the same
// state; the checks on the translated run also name the expected values, and that translated code did the work.

const RAM = 0x8000_0000;
const RAM_SIZE = 8 * PAGE_SIZE;
const TRAP_VECTOR = RAM + 0x1000;
const DATA = RAM + 0x2000;
const DEVICE = 0x1000_0000;
const UNMAPPED = 0x2000_0000;

const [ZERO, RA, T0, T1, T2, S1, A0, A1, A2, T3] = [0, 1, 5, 6, 7, 9, 10, 11, 12, 28];

// Encoders for the instructions the scenarios use (checked against llvm-mc-14 and cpu/Disassembler).
const iType = (opcode: number, funct3: number, rd: number, rs1: number, imm: number) =>
  ((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
const addi = (rd: number, rs1: number, imm: number) => iType(0x13, 0, rd, rs1, imm);
const lw = (rd: number, rs1: number, imm: number) => iType(0x03, 2, rd, rs1, imm);
const sw = (rs2: number, rs1: number, imm: number) =>
  (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | ((imm & 31) << 7) | 0x23;
const add = (rd: number, rs1: number, rs2: number) => (rs2 << 20) | (rs1 << 15) | (rd << 7) | 0x33;
/** Branch (funct3 0 beq, 1 bne) from instruction `from` to instruction `to` of the program. */
const branch = (funct3: number, rs1: number, rs2: number, from: number, to: number) => {
  const off = (to - from) * 4;
  return (((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63;
};
const bne = (rs1: number, rs2: number, from: number, to: number) => branch(1, rs1, rs2, from, to);
const jal = (rd: number, from: number, to: number) => {
  const off = (to - from) * 4;
  return (((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) |
    (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
};
const ret = iType(0x67, 0, ZERO, RA, 0);
const lrW = (rd: number, rs1: number) => (0b00010 << 27) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f;
const scW = (rd: number, rs2: number, rs1: number) => (0b00011 << 27) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f;
const NOP = addi(ZERO, ZERO, 0);
const EBREAK = 0x0010_0073;
const FENCE_I = 0x0000_100f;
const JUMP_TO_SELF = 0x0000_006f;

/** Reads as the number of instructions retired so far, like a cycle counter on a bus; stores do nothing. */
class InstretDevice {
  readonly name = 'instret';
  constructor(private readonly hart: () => Hart) {}
  read(): number {
    return this.hart().instretNow | 0;
  }
  write(): void {}
}

/** A flash-programming controller: a store to it writes the value into RAM at `target`, behind the page map. */
class ProgrammingDevice {
  readonly name = 'programmer';
  constructor(private readonly memory: PhysicalMemory, private readonly target: number) {}
  read(): number {
    return 0;
  }
  write(_offset: number, _width: AccessWidth, value: number): void {
    this.memory.i32[this.memory.backingOffsetOfRange(this.target, 4) >> 2] = value;
  }
}

interface Machine {
  hart: Hart;
  memory: PhysicalMemory;
}

function machine(program: number[], translate: boolean, hotThreshold = 2): Machine {
  const memory = new PhysicalMemory(RAM_SIZE);
  memory.addRam('ram', RAM, RAM_SIZE);
  memory.load(RAM, words(program));
  memory.load(TRAP_VECTOR, words([JUMP_TO_SELF]));
  // A low threshold: the scenarios are short, and every loop must be translated after its first iterations.
  const hart = new Hart(memory, translate ? { hotThreshold } : false);
  hart.reset(RAM);
  hart.mtvec = TRAP_VECTOR;
  return { hart, memory };
}

function words(values: number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(values, (value) => value >>> 0).buffer);
}

function snapshot(hart: Hart) {
  const { pc, retired, priv, mcause, mepc, mtval, mstatus } = hart;
  return { pc, retired, priv, mcause, mepc, mtval, mstatus, regs: [...hart.regs] };
}

type Snapshot = ReturnType<typeof snapshot>;

/**
 * Runs `drive` on a machine loaded with `program`, interpreted and translated; expects identical results and final
 * states and returns the translated machine's.
 */
function inBothModes<T>(
  program: number[],
  drive: (m: Machine) => T,
  hotThreshold?: number,
): { result: T; state: Snapshot; hart: Hart; memory: PhysicalMemory } {
  const reference = machine(program, false);
  const expected = { result: drive(reference), state: snapshot(reference.hart) };
  const translated = machine(program, true, hotThreshold);
  const result = drive(translated);
  const state = snapshot(translated.hart);
  expect({ result, state }).toEqual(expected);
  expect(reference.hart.translatedSteps).toBe(0);
  return { result, state, hart: translated.hart, memory: translated.memory };
}

describe('translated code', () => {
  it('runs a hot loop in one region with exact counts', () => {
    const program = [
      addi(T0, ZERO, 1000),
      addi(A0, A0, 3), // loop
      addi(T0, T0, -1),
      bne(T0, ZERO, 3, 1),
      EBREAK,
    ];
    const { state, hart } = inBothModes(program, ({ hart }) => hart.run(5000));
    expect(state.regs[A0]).toBe(3000);
    expect(state.mcause).toBe(CAUSE.breakpoint);
    expect(state.mepc >>> 0).toBe(RAM + 16);
    // 3002 instructions and the ebreak, then the trap vector's jump-to-self for the rest of the budget.
    expect(state.retired).toBe(5000 - 1);
    expect(hart.translatedSteps).toBeGreaterThan(4900);
  });

  it('stops straight-line code at a loop that had not run when the code was translated', () => {
    // Translated on first sight, instruction 0 falls through into the loop at 1, which has not run yet: the loop's
    // start must still begin a block, or the branch back to it would have nowhere to go.
    const program = [addi(T0, ZERO, 10), addi(A0, A0, 1), addi(T0, T0, -1), bne(T0, ZERO, 3, 1), EBREAK];
    const { state, hart } = inBothModes(program, ({ hart }) => hart.run(100), 1);
    expect(state.regs[A0]).toBe(10);
    expect(state.mepc >>> 0).toBe(RAM + 16);
    expect(hart.translatedSteps).toBe(100 - 1);
  });

  it('sees a store into its own block at once, as the interpreter does (no FENCE.I needed)', () => {
    const program = [
      sw(T1, T2, 12), // writes instruction 3 when t2 = RAM
      addi(T0, T0, -1),
      NOP,
      addi(A0, A0, 1),
      bne(T0, ZERO, 4, 0),
      EBREAK,
    ];
    // The last run of inBothModes is the translated one.
    let translatedWarmUp = 0;
    let translatedAfterPatch = 0;
    const { state } = inBothModes(program, ({ hart }) => {
      // Warm up with the store going to data, then point it at the block's own instruction 3.
      hart.regs[T0] = 100;
      hart.regs[T1] = addi(A0, A0, 1);
      hart.regs[T2] = DATA;
      hart.run(600);
      translatedWarmUp = hart.translatedSteps;
      hart.pc = RAM;
      hart.regs[T0] = 1;
      hart.regs[T1] = addi(A0, A0, 100);
      hart.regs[T2] = RAM;
      hart.run(6);
      translatedAfterPatch = hart.translatedSteps - translatedWarmUp;
    });
    expect(translatedWarmUp).toBeGreaterThan(400);
    expect(translatedAfterPatch).toBeGreaterThan(0); // the store itself ran translated
    expect(state.regs[A0]).toBe(100 + 100);
    expect(state.mepc >>> 0).toBe(RAM + 20);
  });

  it('runs a rewritten function after the program stores new code and executes FENCE.I', () => {
    const program = [
      addi(T0, ZERO, 50),
      jal(RA, 1, 11), // loop: call f
      addi(T0, T0, -1),
      bne(T0, ZERO, 3, 1),
      bne(S1, ZERO, 4, 10),
      sw(T1, T2, 44), // rewrite f's first instruction
      FENCE_I,
      addi(S1, ZERO, 1),
      addi(T0, ZERO, 50),
      jal(ZERO, 9, 1), // back into the translated loop
      EBREAK,
      addi(A0, A0, 1), // f
      ret,
    ];
    const { state, hart } = inBothModes(program, ({ hart }) => {
      hart.regs[T1] = addi(A0, A0, 100);
      hart.regs[T2] = RAM;
      hart.run(2000);
    });
    expect(state.regs[A0]).toBe(50 + 5000);
    expect(state.mepc >>> 0).toBe(RAM + 40);
    expect(hart.translatedSteps).toBeGreaterThan(0);
  });

  it('runs code a device wrote behind the page map once the program executes FENCE.I', () => {
    const program = [
      addi(T0, ZERO, 50),
      jal(RA, 1, 11), // loop: call f
      addi(T0, T0, -1),
      bne(T0, ZERO, 3, 1),
      bne(S1, ZERO, 4, 10),
      sw(T1, T3, 0), // the device programs f's first instruction
      FENCE_I,
      addi(S1, ZERO, 1),
      addi(T0, ZERO, 50),
      jal(ZERO, 9, 1), // back into the translated loop
      EBREAK,
      addi(A0, A0, 1), // f
      ret,
    ];
    const { state } = inBothModes(program, ({ hart, memory }) => {
      memory.addMmio(DEVICE, PAGE_SIZE, new ProgrammingDevice(memory, RAM + 44));
      hart.regs[T1] = addi(A0, A0, 100);
      hart.regs[T3] = DEVICE;
      hart.run(2000);
    });
    expect(state.regs[A0]).toBe(50 + 5000);
  });

  it('notices code the host rewrote between two runs (a debugger planting and removing a breakpoint)', () => {
    const program = [
      addi(T0, ZERO, 100),
      addi(A0, A0, 1), // loop
      addi(A1, A1, 2),
      addi(T0, T0, -1),
      bne(T0, ZERO, 4, 1),
      EBREAK,
    ];
    const { result, state } = inBothModes(program, ({ hart, memory }) => {
      hart.run(40);
      memory.write32(RAM + 8, EBREAK);
      hart.run(20);
      const stop = { mepc: hart.mepc, mcause: hart.mcause, a0: hart.regs[A0], a1: hart.regs[A1] };
      memory.write32(RAM + 8, addi(A1, A1, 2));
      hart.pc = hart.mepc;
      hart.run(1000);
      return stop;
    });
    expect(result).toEqual({ mepc: RAM + 8 - 2 ** 32, mcause: CAUSE.breakpoint, a0: 11, a1: 20 });
    expect(state.regs[A0]).toBe(100);
    expect(state.regs[A1]).toBe(200);
  });

  it('takes a fault in the middle of a block with exact mepc, mtval, registers and count', () => {
    const program = [
      addi(T0, ZERO, 100),
      addi(A0, A0, 1), // loop
      lw(A1, T2, 0),
      addi(A2, A2, 1),
      addi(T0, T0, -1),
      bne(T0, ZERO, 5, 1),
      EBREAK,
    ];
    const { result, state, hart } = inBothModes(program, ({ hart }) => {
      hart.regs[T2] = DATA;
      hart.run(200);
      const before = hart.retired;
      hart.regs[T2] = UNMAPPED;
      hart.run(10);
      return { retiredBeforeTrapVector: hart.retired - before };
    });
    // 200 steps reach instruction 2 of iteration 40; then addi t0, bne, addi a0 retire before the lw faults, and
    // the trap vector's jump-to-self takes the remaining 6 steps.
    expect(result.retiredBeforeTrapVector).toBe(3 + 6);
    expect(state.mcause).toBe(CAUSE.loadAccessFault);
    expect(state.mepc >>> 0).toBe(RAM + 8);
    expect(state.mtval >>> 0).toBe(UNMAPPED);
    expect(state.regs[A0]).toBe(41);
    expect(state.regs[A2]).toBe(40);
    expect(hart.translatedSteps).toBeGreaterThan(150);
  });

  it('hands a U-mode fault to the host kernel from translated code with the exact count', () => {
    const program = [
      addi(T0, ZERO, 100),
      addi(A0, A0, 1), // loop
      addi(A2, A2, 1),
      lw(A1, T2, 0),
      addi(T0, T0, -1),
      bne(T0, ZERO, 5, 1),
      EBREAK,
    ];
    const { result, state } = inBothModes(program, ({ hart, memory }) => {
      memory.setUserAccess(RAM, RAM_SIZE, PAGE_RWX);
      hart.priv = PRIV_U;
      hart.userTrapsToHost = true;
      hart.regs[T2] = DATA;
      hart.run(301);
      hart.regs[T2] = UNMAPPED;
      return hart.run(1000);
    });
    expect(result).toBe(StopReason.UserTrap);
    expect(state.priv).toBe(PRIV_U);
    expect(state.pc >>> 0).toBe(RAM + 12);
    expect(state.mepc >>> 0).toBe(RAM + 12);
    expect(state.retired).toBe(301 + 2);
  });

  it('stops exactly at the end of a slice and takes an interrupt that arrives between slices there', () => {
    const program = [
      addi(T0, ZERO, 1000),
      addi(A0, A0, 1), // loop
      addi(A1, A1, 2),
      addi(A2, A2, 3),
      addi(T0, T0, -1),
      bne(T0, ZERO, 5, 1),
      EBREAK,
    ];
    const { result, state, hart } = inBothModes(program, ({ hart }) => {
      hart.mstatus = MSTATUS_MIE;
      hart.mie = MIP_MTIP;
      hart.run(53); // 1 + 10 iterations of 5 + 2 instructions of the 11th
      const sliceEnd = { pc: hart.pc, retired: hart.retired, a0: hart.regs[A0] };
      hart.setInterruptPending(MIP_MTIP, true);
      hart.run(10);
      return sliceEnd;
    });
    expect(result).toEqual({ pc: RAM + 12 - 2 ** 32, retired: 53, a0: 11 });
    expect(state.mcause).toBe(INTERRUPT_BIT | IRQ_MTI);
    expect(state.mepc >>> 0).toBe(RAM + 12);
    expect(hart.translatedSteps).toBeGreaterThan(40);
  });

  it('single-steps exactly through code that is already translated', () => {
    const program = [
      addi(T0, ZERO, 1000),
      addi(A0, A0, 1), // loop
      add(A1, A1, A0),
      addi(T0, T0, -1),
      bne(T0, ZERO, 4, 1),
      EBREAK,
    ];
    const { result, hart } = inBothModes(program, ({ hart }) => {
      hart.run(100);
      const trace: number[] = [];
      for (let i = 0; i < 30; i++) {
        expect(hart.run(1)).toBe(StopReason.Budget);
        trace.push(hart.pc, hart.retired);
      }
      hart.run(100);
      return trace;
    });
    expect(result.slice(0, 8)).toEqual([RAM + 4, 101, RAM + 8, 102, RAM + 12, 103, RAM + 16, 104].map((v) => v | 0));
    expect(hart.translatedSteps).toBeGreaterThan(150);
  });

  it('returns Requested right after a store that a device watcher answers with a stop', () => {
    const program = [
      addi(T0, ZERO, 100),
      addi(A0, A0, 1), // loop
      sw(A0, T2, 0),
      addi(A1, A1, 1),
      addi(T0, T0, -1),
      bne(T0, ZERO, 5, 1),
      EBREAK,
    ];
    const { result, state } = inBothModes(program, ({ hart, memory }) => {
      hart.regs[T2] = DATA;
      memory.watchStores(DATA, 4);
      memory.storeWatcher = () => {
        if (hart.regs[A0] === 0) return; // a0 is committed to regs only at the end of a slice or block
        hart.requestStop();
      };
      hart.run(100);
      hart.regs[A0] = 0;
      memory.storeWatcher = (addr) => {
        if (memory.read32(addr) === 7) hart.requestStop();
      };
      return hart.run(1000);
    });
    expect(result).toBe(StopReason.Requested);
    expect(state.pc >>> 0).toBe(RAM + 12);
    expect(state.regs[A0]).toBe(7);
  });

  it('stops after one instruction when a stop was requested before the run', () => {
    const program = [addi(T0, ZERO, 100), addi(A0, A0, 1), addi(T0, T0, -1), bne(T0, ZERO, 3, 1), EBREAK];
    const { result, state } = inBothModes(program, ({ hart }) => {
      hart.run(19); // to the start of the loop's block
      hart.requestStop();
      return hart.run(100);
    });
    expect(result).toBe(StopReason.Requested);
    expect(state.retired).toBe(20);
    expect(state.pc >>> 0).toBe(RAM + 8);
  });

  it('lets a device read the exact instruction count in the middle of a block', () => {
    const program = [
      addi(T0, ZERO, 200),
      addi(A2, A2, 1), // loop
      lw(A1, T3, 0),
      add(A0, A0, A1),
      addi(T0, T0, -1),
      bne(T0, ZERO, 5, 1),
      EBREAK,
    ];
    const { state, hart } = inBothModes(program, (m) => {
      m.memory.addMmio(DEVICE, PAGE_SIZE, new InstretDevice(() => m.hart));
      m.hart.regs[T3] = DEVICE;
      m.hart.run(500);
      m.hart.run(700);
    });
    // The lw of iteration i (from 0) reads 1 + 5i + 1 instructions retired before it.
    let sum = 0;
    for (let i = 0; i < 200; i++) sum += 2 + 5 * i;
    expect(state.regs[A0]).toBe(sum);
    expect(hart.translatedSteps).toBeGreaterThan(900);
  });

  it('keeps LR/SC reservations across translated code', () => {
    const program = [
      addi(T0, ZERO, 100),
      lrW(A1, T2), // loop
      addi(A1, A1, 3),
      sw(A1, T3, 0), // a store elsewhere does not break the reservation
      scW(A2, A1, T2),
      add(S1, S1, A2),
      addi(T0, T0, -1),
      bne(T0, ZERO, 7, 1),
      EBREAK,
    ];
    const { state, memory } = inBothModes(program, ({ hart }) => {
      hart.regs[T2] = DATA;
      hart.regs[T3] = DATA + 64;
      hart.run(2000);
    });
    expect(memory.read32(DATA)).toBe(300);
    expect(state.regs[S1]).toBe(0);
  });

  it('can be switched off, which drops every translation and the code-page marks', () => {
    const program = [addi(T0, ZERO, 100), addi(T0, T0, -1), bne(T0, ZERO, 2, 1), EBREAK];
    const { hart, memory } = machine(program, true);
    hart.run(50);
    expect(memory.machineMap[RAM >>> 12] & PAGE_CODE).toBe(PAGE_CODE);
    hart.setTranslation(false);
    expect(hart.translating).toBe(false);
    expect(memory.machineMap[RAM >>> 12] & PAGE_CODE).toBe(0);
    const before = hart.translatedSteps;
    hart.run(500);
    expect(hart.translatedSteps).toBe(before);
    expect(hart.mcause).toBe(CAUSE.breakpoint);
  });
});

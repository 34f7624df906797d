import { describe, expect, it } from 'vitest';
import { CAUSE, CSR, INTERRUPT_BIT, IRQ_MEI, IRQ_MSI, MIP_MEIP, MIP_MSIP, MIP_MTIP, MSTATUS_MIE, MSTATUS_MPP, MSTATUS_TW, PRIV_M, PRIV_U } from './Csr.js';
import { Hart, StopReason } from './Hart.js';
import { PAGE_RWX, PAGE_SIZE, PhysicalMemory } from './PhysicalMemory.js';

// Focused checks of the hart that the assembly programs in images/isa cannot make: choices the spec leaves to the
// implementation, the host-facing interface (budgets, stops, user traps handed to the kernel), and memory layouts
// the bare machine does not have. Instruction words come from llvm-mc-14 --show-encoding.
const ECALL = 0x0000_0073;
const EBREAK = 0x0010_0073;
const WFI = 0x1050_0073;
const NOP = 0x0000_0013;
const ADDI_A0_A0_1 = 0x0015_0513;
const LW_A0_0_A1 = 0x0005_a503;
const SW_A0_0_A1 = 0x00a5_a023;
const JUMP_TO_SELF = 0x0000_006f;

/** csrrw x0, csr, a0 and csrrs a0, csr, x0. */
const csrw = (csr: number) => ((csr << 20) | (10 << 15) | (1 << 12) | 0x73) >>> 0;
const csrr = (csr: number) => ((csr << 20) | (2 << 12) | (10 << 7) | 0x73) >>> 0;

const RAM = 0x8000_0000;
const RAM_SIZE = 4 * PAGE_SIZE;
/** Where the tests put mtvec: an instruction that jumps to itself, so a trap stops there. */
const TRAP_VECTOR = RAM + 0x1000;
const A0 = 10;
const A1 = 11;

function machine(program: number[]): { hart: Hart; memory: PhysicalMemory } {
  const memory = new PhysicalMemory(RAM_SIZE);
  memory.addRam('ram', RAM, RAM_SIZE);
  memory.load(RAM, words(program));
  memory.load(TRAP_VECTOR, words([JUMP_TO_SELF]));
  const hart = new Hart(memory);
  hart.reset(RAM);
  hart.mtvec = TRAP_VECTOR;
  return { hart, memory };
}

function words(values: number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(values, (value) => value >>> 0).buffer);
}

function inUserMode(hart: Hart, memory: PhysicalMemory): void {
  memory.setUserAccess(RAM, RAM_SIZE, PAGE_RWX);
  hart.priv = PRIV_U;
}

describe('Hart: choices the spec leaves open', () => {
  it('puts the address of an ebreak in mtval (QEMU writes 0; both are allowed)', () => {
    const { hart } = machine([NOP, EBREAK]);
    hart.run(2);
    expect(hart.mcause).toBe(CAUSE.breakpoint);
    expect(hart.mepc >>> 0).toBe(RAM + 4);
    expect(hart.mtval >>> 0).toBe(RAM + 4);
  });

  it('runs WFI in U-mode as a no-op unless mstatus.TW makes it illegal', () => {
    const waiting = machine([WFI]);
    inUserMode(waiting.hart, waiting.memory);
    expect(waiting.hart.run(1)).toBe(StopReason.Budget);
    expect(waiting.hart.pc >>> 0).toBe(RAM + 4);
    expect(waiting.hart.priv).toBe(PRIV_U);

    const trapped = machine([WFI]);
    inUserMode(trapped.hart, trapped.memory);
    trapped.hart.mstatus = MSTATUS_TW;
    trapped.hart.run(1);
    expect(trapped.hart.mcause).toBe(CAUSE.illegalInstruction);
    expect(trapped.hart.mtval >>> 0).toBe(WFI);
    expect(trapped.hart.priv).toBe(PRIV_M);
  });

  it('keeps mtvec in direct mode when a reserved mode (2, 3) is written', () => {
    const { hart } = machine([csrw(CSR.mtvec), csrr(CSR.mtvec)]);
    hart.regs[A0] = RAM + 0x203;
    hart.run(2);
    expect(hart.regs[A0] >>> 0).toBe(RAM + 0x200);
  });

  it('makes mstatus.MPP read U when the reserved S or H level is written', () => {
    const { hart } = machine([csrw(CSR.mstatus), csrr(CSR.mstatus)]);
    hart.regs[A0] = 1 << 11;
    hart.run(2);
    expect(hart.regs[A0] & MSTATUS_MPP).toBe(0);
  });
});

describe('Hart: host interface', () => {
  it('retires exactly the budget, counting traps toward the budget but not as retired', () => {
    const { hart } = machine([NOP, NOP, ECALL, NOP]);
    expect(hart.run(3)).toBe(StopReason.Budget);
    expect(hart.retired).toBe(2);
    expect(hart.pc >>> 0).toBe(TRAP_VECTOR);
    hart.run(5);
    expect(hart.retired).toBe(7);
  });

  it('stops with Wfi when nothing enabled is pending, and treats WFI as a nop when something is', () => {
    const first = machine([WFI, NOP]);
    expect(first.hart.run(10)).toBe(StopReason.Wfi);
    expect(first.hart.pc >>> 0).toBe(RAM + 4);

    // Pending and enabled in mie but globally disabled: WFI returns at once and no interrupt is taken.
    const second = machine([WFI, NOP]);
    second.hart.mie = MIP_MTIP;
    second.hart.setInterruptPending(MIP_MTIP, true);
    expect(second.hart.run(2)).toBe(StopReason.Budget);
    expect(second.hart.pc >>> 0).toBe(RAM + 8);
  });

  it('returns Requested at the next instruction boundary after requestStop', () => {
    const { hart, memory } = machine([SW_A0_0_A1, NOP, NOP]);
    hart.regs[A1] = RAM + 0x2000;
    memory.watchStores(RAM + 0x2000, 4);
    memory.storeWatcher = () => hart.requestStop();
    expect(hart.run(100)).toBe(StopReason.Requested);
    expect(hart.pc >>> 0).toBe(RAM + 4);
    expect(hart.retired).toBe(1);
  });

  it('hands a U-mode trap to the host kernel with mcause, mepc and mtval set and nothing else changed', () => {
    const { hart, memory } = machine([ADDI_A0_A0_1, ECALL]);
    inUserMode(hart, memory);
    hart.userTrapsToHost = true;
    expect(hart.run(10)).toBe(StopReason.UserTrap);
    expect(hart.mcause).toBe(CAUSE.ecallFromU);
    expect(hart.mepc >>> 0).toBe(RAM + 4);
    expect(hart.pc >>> 0).toBe(RAM + 4);
    expect(hart.priv).toBe(PRIV_U);
    expect(hart.regs[A0]).toBe(1);
    expect(hart.retired).toBe(1);
  });

  it('leaves interrupts in U-mode to the host kernel when it takes the traps', () => {
    const { hart, memory } = machine([NOP, NOP, NOP]);
    inUserMode(hart, memory);
    hart.userTrapsToHost = true;
    hart.mie = MIP_MTIP;
    hart.setInterruptPending(MIP_MTIP, true);
    expect(hart.run(3)).toBe(StopReason.Budget);
    expect(hart.pc >>> 0).toBe(RAM + 12);
  });
});

describe('Hart: interrupts and memory the bare machine cannot set up', () => {
  it('takes the external interrupt first, then software, then timer', () => {
    const { hart } = machine([NOP]);
    hart.mstatus = MSTATUS_MIE;
    hart.mie = MIP_MEIP | MIP_MSIP | MIP_MTIP;
    hart.setInterruptPending(MIP_MEIP | MIP_MSIP | MIP_MTIP, true);
    hart.run(1);
    expect(hart.mcause).toBe(INTERRUPT_BIT | IRQ_MEI);
    hart.setInterruptPending(MIP_MEIP, false);
    hart.mstatus = MSTATUS_MIE;
    hart.run(1);
    expect(hart.mcause).toBe(INTERRUPT_BIT | IRQ_MSI);
  });

  // Privileged spec 3.1.16: for a misaligned access that faults part-way, mtval is the address of the portion that
  // faulted, here the first address past the end of RAM.
  it('faults a misaligned load that runs off the end of memory, mtval = the faulting part', () => {
    const { hart } = machine([LW_A0_0_A1]);
    hart.regs[A0] = 0x1234;
    hart.regs[A1] = RAM + RAM_SIZE - 2;
    hart.run(1);
    expect(hart.mcause).toBe(CAUSE.loadAccessFault);
    expect(hart.regs[A0]).toBe(0x1234);
    expect(hart.mtval >>> 0).toBe(RAM + RAM_SIZE);
  });

  it('writes nothing for a misaligned store that runs off the end of memory, mtval = the faulting part', () => {
    const { hart, memory } = machine([SW_A0_0_A1]);
    hart.regs[A0] = 0x5566_7788;
    hart.regs[A1] = RAM + RAM_SIZE - 2;
    hart.run(1);
    expect(hart.mcause).toBe(CAUSE.storeAccessFault);
    expect(hart.mtval >>> 0).toBe(RAM + RAM_SIZE);
    const offset = memory.backingOffsetOfRange(RAM + RAM_SIZE - 2, 2);
    expect([...memory.u8.subarray(offset, offset + 2)]).toEqual([0, 0]);
  });

  it('faults a fetch from a page that U-mode may read but not execute', () => {
    const { hart, memory } = machine([NOP]);
    inUserMode(hart, memory);
    memory.setUserAccess(RAM, PAGE_SIZE, PAGE_RWX & ~4);
    hart.run(1);
    expect(hart.mcause).toBe(CAUSE.instructionAccessFault);
    expect(hart.mtval >>> 0).toBe(RAM);
    expect(hart.priv).toBe(PRIV_M);
  });

  it('keeps 64-bit counters exact when a large value is written to the high half', () => {
    // minstreth = 0x12345678, minstret = 5; the next instruction reads minstret = 5 and minstreth unchanged.
    const { hart } = machine([csrw(CSR.minstreth), csrw(CSR.minstret), csrr(CSR.minstret)]);
    hart.regs[A0] = 0x1234_5678;
    hart.run(1);
    hart.regs[A0] = 5;
    hart.run(2);
    expect(hart.regs[A0]).toBe(5);
  });
});

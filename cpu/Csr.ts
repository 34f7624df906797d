/** CSR numbers and bit fields this hart implements (privileged spec 1.12, M and U modes only). */

export const CSR = {
  cycle: 0xc00,
  time: 0xc01,
  instret: 0xc02,
  hpmcounter3: 0xc03,
  hpmcounter31: 0xc1f,
  cycleh: 0xc80,
  timeh: 0xc81,
  instreth: 0xc82,
  hpmcounter3h: 0xc83,
  hpmcounter31h: 0xc9f,

  mvendorid: 0xf11,
  marchid: 0xf12,
  mimpid: 0xf13,
  mhartid: 0xf14,
  mconfigptr: 0xf15,

  mstatus: 0x300,
  misa: 0x301,
  mie: 0x304,
  mtvec: 0x305,
  mcounteren: 0x306,
  mstatush: 0x310,
  mscratch: 0x340,
  mepc: 0x341,
  mcause: 0x342,
  mtval: 0x343,
  mip: 0x344,

  pmpcfg0: 0x3a0,
  pmpcfg15: 0x3af,
  pmpaddr0: 0x3b0,
  pmpaddr63: 0x3ef,

  mcycle: 0xb00,
  minstret: 0xb02,
  mhpmcounter3: 0xb03,
  mhpmcounter31: 0xb1f,
  mcycleh: 0xb80,
  minstreth: 0xb82,
  mhpmcounter3h: 0xb83,
  mhpmcounter31h: 0xb9f,
  mhpmevent3: 0x323,
  mhpmevent31: 0x33f,
} as const;

export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_TW = 1 << 21;
/** Writable mstatus bits on a hart with M and U modes and no F/V/S. */
export const MSTATUS_WRITABLE = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TW;

/** MXL=1 (32-bit), extensions A, I, M, U. */
export const MISA_VALUE = (1 << 30) | (1 << 0) | (1 << 8) | (1 << 12) | (1 << 20);

export const MIP_MSIP = 1 << 3;
export const MIP_MTIP = 1 << 7;
export const MIP_MEIP = 1 << 11;
export const MIE_WRITABLE = MIP_MSIP | MIP_MTIP | MIP_MEIP;

export const PRIV_U = 0;
export const PRIV_M = 3;

export const CAUSE = {
  instructionMisaligned: 0,
  instructionAccessFault: 1,
  illegalInstruction: 2,
  breakpoint: 3,
  loadMisaligned: 4,
  loadAccessFault: 5,
  storeMisaligned: 6,
  storeAccessFault: 7,
  ecallFromU: 8,
  ecallFromM: 11,
} as const;

export const INTERRUPT_BIT = 0x8000_0000 | 0;
export const IRQ_MSI = 3;
export const IRQ_MTI = 7;
export const IRQ_MEI = 11;

const CAUSE_NAMES: Record<number, string> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store/AMO address misaligned',
  7: 'store/AMO access fault',
  8: 'environment call from U-mode',
  11: 'environment call from M-mode',
};

export function causeName(mcause: number): string {
  if (mcause & INTERRUPT_BIT) {
    const irq = mcause & 0x7fff_ffff;
    return irq === IRQ_MTI ? 'machine timer interrupt' : irq === IRQ_MSI ? 'machine software interrupt' : irq === IRQ_MEI ? 'machine external interrupt' : `interrupt ${irq}`;
  }
  return CAUSE_NAMES[mcause] ?? `exception ${mcause}`;
}

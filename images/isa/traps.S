/*
 * Synchronous exceptions in M-mode: ecall, ebreak, illegal encodings, misaligned jump targets and access faults,
 * with mcause, mepc and mtval, the mstatus trap stack (MIE -> MPIE, MPP) and mret.
 */
#include "test.h"


TEST_BEGIN

  TEST_TRAP 1, CAUSE_ECALL_M, ecall
  CHECK 2, s10, 0
  TEST_TRAP 3, CAUSE_BREAKPOINT, ebreak

  /* Illegal instructions: mtval holds the instruction bits. */
  TEST_TRAP  4, CAUSE_ILLEGAL, .word 0x00000000            /* all zeros: defined to be illegal */
  CHECK_TVAL_IS_INSN 5
  TEST_TRAP  6, CAUSE_ILLEGAL, .word 0xffffffff            /* all ones: illegal too */
  CHECK_TVAL_IS_INSN 7
  TEST_TRAP  8, CAUSE_ILLEGAL, .word 0x0000000b            /* custom-0 opcode */
  CHECK_TVAL_IS_INSN 9
  TEST_TRAP 10, CAUSE_ILLEGAL, .word 0x000010e7            /* jalr with funct3 = 1 */
  CHECK_TVAL_IS_INSN 11
  TEST_TRAP 12, CAUSE_ILLEGAL, .word 0x00002063            /* branch funct3 = 2 */
  CHECK_TVAL_IS_INSN 13
  TEST_TRAP 14, CAUSE_ILLEGAL, .word 0x00003503            /* ld: RV64 only */
  CHECK_TVAL_IS_INSN 15
  TEST_TRAP 16, CAUSE_ILLEGAL, .word 0x00003023            /* sd: RV64 only */
  CHECK_TVAL_IS_INSN 17
  TEST_TRAP 18, CAUSE_ILLEGAL, .word 0x02059513            /* slli with shamt bit 5: RV64 only */
  CHECK_TVAL_IS_INSN 19
  TEST_TRAP 20, CAUSE_ILLEGAL, .word 0x40b51533            /* sll with funct7 = 0x20 */
  CHECK_TVAL_IS_INSN 21
  TEST_TRAP 22, CAUSE_ILLEGAL, .word 0x00b5353b            /* OP-32 (addw): RV64 only */
  CHECK_TVAL_IS_INSN 23
  TEST_TRAP 24, CAUSE_ILLEGAL, .word 0x00b5b52f            /* amoadd.d: RV64 only */
  CHECK_TVAL_IS_INSN 25
  TEST_TRAP 26, CAUSE_ILLEGAL, .word 0x10200073            /* sret: no S-mode */
  CHECK_TVAL_IS_INSN 27
  TEST_TRAP 28, CAUSE_ILLEGAL, .word 0x00004073            /* SYSTEM funct3 = 4 */
  CHECK_TVAL_IS_INSN 29
  TEST_TRAP 30, CAUSE_ILLEGAL, .word 0x00002007            /* flw: no F extension */
  CHECK_TVAL_IS_INSN 31

  /* A jalr to an address that is not 4-byte aligned traps at the jalr, mtval = the target, rd not written
     (jal and branches: misaligned-jumps.S). */
  li ra, 0x1234
  la t1, target
  TEST_TRAP 32, CAUSE_MISALIGNED_FETCH, jalr ra, 2(t1)
  CHECK_ADDR 33, s10, target + 2
  CHECK 34, ra, 0x1234
  TEST_TRAP 35, CAUSE_MISALIGNED_FETCH, jalr ra, 3(t1)     /* bit 0 is cleared first: the target is +2 */
  CHECK_ADDR 36, s10, target + 2
  CHECK 37, ra, 0x1234
  li TESTNUM, 38
  .word 0x00001163                                         /* bne x0, x0, .+2: not taken, so no trap */
  j 1f
target:
  j fail
1:

  /* Access faults: mtval = the address; a faulting load leaves rd alone, a faulting store writes nothing
     (AMOs: atomic-faults.S). */
  li a1, UNMAPPED_ADDR
  li a0, 0x77
  TEST_TRAP 41, CAUSE_LOAD_ACCESS, lw a0, 0(a1)
  CHECK 42, s10, UNMAPPED_ADDR
  CHECK 43, a0, 0x77
  TEST_TRAP 44, CAUSE_LOAD_ACCESS, lbu a0, 5(a1)
  CHECK 45, s10, UNMAPPED_ADDR + 5
  TEST_TRAP 46, CAUSE_STORE_ACCESS, sw a0, 8(a1)
  CHECK 47, s10, UNMAPPED_ADDR + 8
  TEST_TRAP 48, CAUSE_STORE_ACCESS, sb a0, -1(a1)
  CHECK 49, s10, UNMAPPED_ADDR - 1
  /* Fetching from nowhere: mepc and mtval are the target itself. */
  li TESTNUM, 52
  EXPECT_TRAP 2f
  jalr ra, 0(a1)
2:CHECK 53, s8, CAUSE_FETCH_ACCESS
  CHECK 54, s9, UNMAPPED_ADDR
  CHECK 55, s10, UNMAPPED_ADDR

  /* The trap stack: a trap saves MIE in MPIE and clears MIE, records M in MPP; mret undoes it, leaving MPP = U. */
  li TESTNUM, 56
  la t0, record_mstatus
  csrw mtvec, t0
  csrsi mstatus, MSTATUS_MIE                               /* no interrupt is enabled in mie: none can come */
  ecall
  csrr a0, mstatus
  la t0, trap_handler
  csrw mtvec, t0
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and a2, a2, t0
  CHECK 57, a2, MSTATUS_MPIE | MSTATUS_MPP
  and a0, a0, t0
  CHECK 58, a0, MSTATUS_MIE | MSTATUS_MPIE
  csrci mstatus, MSTATUS_MIE

  /* mret jumps to mepc, whatever caused the trap. */
  la t0, 3f
  csrw mepc, t0
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li TESTNUM, 59
  mret
  j fail
3:

TEST_END

/* Records mstatus in a2 and returns after the ecall. */
  .balign 4
record_mstatus:
  csrr a2, mstatus
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

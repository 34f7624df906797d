/* Zicsr: every CSR instruction form, which accesses write, read-only and unknown CSRs, and the M-mode info CSRs. */
#include "test.h"

TEST_BEGIN

  /* misa: MXL = 1 (32-bit) and exactly the extensions A, I, M and U. */
  csrr a0, misa
  CHECK 1, a0, 0x40101101
  csrr a0, mhartid
  CHECK 2, a0, 0

  /* csrrw swaps; csrrs and csrrc set and clear bits and return the old value. */
  li a1, 0x12345678
  csrw mscratch, a1
  csrr a0, mscratch
  CHECK 3, a0, 0x12345678
  li a1, 0x0000ffff
  csrrw a0, mscratch, a1
  CHECK 4, a0, 0x12345678
  li a1, 0x00ff00f0
  csrrs a0, mscratch, a1
  CHECK 5, a0, 0x0000ffff
  csrr a0, mscratch
  CHECK 6, a0, 0x00ffffff
  li a1, 0x000f0f0f
  csrrc a0, mscratch, a1
  CHECK 7, a0, 0x00ffffff
  csrr a0, mscratch
  CHECK 8, a0, 0x00f0f0f0

  /* Immediate forms: a 5-bit zero-extended immediate. */
  csrrwi a0, mscratch, 0x1f
  CHECK 9, a0, 0x00f0f0f0
  csrrsi a0, mscratch, 0x0
  CHECK 10, a0, 0x1f
  csrrci a0, mscratch, 0x15
  CHECK 11, a0, 0x1f
  csrr a0, mscratch
  CHECK 12, a0, 0x0a
  csrwi mscratch, 0x10
  csrr a0, mscratch
  CHECK 13, a0, 0x10

  /* rd = rs1: the old value goes to rd, the register's old value to the CSR. */
  li a0, 0x55
  csrrw a0, mscratch, a0
  CHECK 14, a0, 0x10
  csrr a0, mscratch
  CHECK 15, a0, 0x55

  /* csrrs/csrrc with rs1 = x0 and csrrsi/csrrci with 0 only read: allowed on a read-only CSR. */
  li TESTNUM, 16
  csrrs a0, mhartid, x0
  csrrc a0, mvendorid, x0
  csrrsi a0, marchid, 0
  csrrci a0, mimpid, 0
  csrrs a0, cycle, x0

  /* Any write to a read-only CSR is illegal, mtval = the instruction (writing from a zero register: csr-strict.S). */
  li a1, 1
  TEST_TRAP 17, CAUSE_ILLEGAL, csrrs a0, mhartid, a1
  CHECK_TVAL_IS_INSN 18
  TEST_TRAP 19, CAUSE_ILLEGAL, csrw mvendorid, a1
  CHECK_TVAL_IS_INSN 20
  TEST_TRAP 21, CAUSE_ILLEGAL, csrrwi a0, cycle, 0
  CHECK_TVAL_IS_INSN 22
  TEST_TRAP 23, CAUSE_ILLEGAL, csrrci a0, instret, 1
  CHECK_TVAL_IS_INSN 24

  /* CSRs this hart does not have (supervisor mode, custom numbers) are illegal, read or write. */
  li a0, 0x77
  TEST_TRAP 25, CAUSE_ILLEGAL, csrr a0, satp
  CHECK_TVAL_IS_INSN 26
  CHECK 27, a0, 0x77                 /* the destination is not written */
  TEST_TRAP 28, CAUSE_ILLEGAL, csrw satp, zero
  CHECK_TVAL_IS_INSN 29
  TEST_TRAP 30, CAUSE_ILLEGAL, csrr a0, sstatus
  CHECK_TVAL_IS_INSN 31
  TEST_TRAP 32, CAUSE_ILLEGAL, csrrw a0, 0x7c0, a1
  CHECK_TVAL_IS_INSN 33
  TEST_TRAP 34, CAUSE_ILLEGAL, csrr a0, 0x800
  CHECK_TVAL_IS_INSN 35

  /* mtvec in direct mode (0) and vectored mode (1) keeps base and mode. */
  csrr s0, mtvec
  la a1, trap_handler + 1
  csrw mtvec, a1
  csrr a0, mtvec
  CHECK_ADDR 36, a0, trap_handler + 1
  csrw mtvec, s0
  csrr a0, mtvec
  CHECK_ADDR 37, a0, trap_handler

  /* mstatus.MPP holds M (3) and U (0). */
  li a1, MSTATUS_MPP
  csrs mstatus, a1
  csrr a0, mstatus
  and a0, a0, a1
  CHECK 38, a0, MSTATUS_MPP
  csrc mstatus, a1
  csrr a0, mstatus
  and a0, a0, a1
  CHECK 39, a0, 0

TEST_END

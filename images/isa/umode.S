/*
 * U-mode: entering it with mret, ecall from U (cause 8), the privilege recorded in mstatus.MPP, M-only CSRs and
 * instructions being illegal, mcounteren gating the counters, and machine interrupts preempting U-mode whatever
 * mstatus.MIE says.
 */
#include "test.h"

/* Check n: \insn, run in U-mode, traps to M with mcause \cause, mepc at \insn and MPP = U. */
.macro TEST_USER_TRAP n, cause, insn:vararg
  li TESTNUM, \n
  EXPECT_TRAP .Lresume\@
  ENTER_USER .Linsn\@
.Linsn\@:
  \insn
.Lresume\@:
  li s11, 0
  li t6, \cause
  FAIL_UNLESS_EQ s8, t6
  la t6, .Linsn\@
  FAIL_UNLESS_EQ s9, t6
  li t6, MSTATUS_MPP
  and t6, s7, t6
  FAIL_UNLESS_EQ t6, zero
.endm

/* Check n: \insn runs in U-mode without trapping (it then ecalls back to M). */
.macro TEST_USER_OK n, insn:vararg
  li TESTNUM, \n
  EXPECT_TRAP .Lresume\@
  ENTER_USER .Linsn\@
.Linsn\@:
  \insn
  ecall
.Lresume\@:
  li t6, CAUSE_ECALL_U
  FAIL_UNLESS_EQ s8, t6
.endm

TEST_BEGIN

  PMP_ALLOW_ALL

  TEST_USER_TRAP 1, CAUSE_ECALL_U, ecall
  CHECK 2, s10, 0
  TEST_USER_TRAP 3, CAUSE_BREAKPOINT, ebreak

  /* U-mode code reads and writes memory. */
  la a1, word
  TEST_USER_OK 4, lw a0, 0(a1); addi a0, a0, 1; sw a0, 0(a1)
  lw a0, 0(a1)
  CHECK 5, a0, 42

  /* Machine CSRs and mret are illegal in U-mode; mtval = the instruction. */
  TEST_USER_TRAP 6, CAUSE_ILLEGAL, csrr a0, mstatus
  CHECK_TVAL_IS_INSN 7
  TEST_USER_TRAP 8, CAUSE_ILLEGAL, csrw mscratch, a0
  CHECK_TVAL_IS_INSN 9
  TEST_USER_TRAP 10, CAUSE_ILLEGAL, csrr a0, mhartid
  CHECK_TVAL_IS_INSN 11
  TEST_USER_TRAP 12, CAUSE_ILLEGAL, mret
  CHECK_TVAL_IS_INSN 13

  /* mcounteren: CY and IR each open one user counter (both halves); time CSR: time-csr.S. */
  csrw mcounteren, zero
  TEST_USER_TRAP 14, CAUSE_ILLEGAL, rdcycle a0
  CHECK_TVAL_IS_INSN 15
  TEST_USER_TRAP 16, CAUSE_ILLEGAL, rdinstret a0
  TEST_USER_TRAP 17, CAUSE_ILLEGAL, rdcycleh a0
  TEST_USER_TRAP 18, CAUSE_ILLEGAL, rdinstreth a0
  csrwi mcounteren, 1
  TEST_USER_OK 19, rdcycle a0; rdcycleh a0
  TEST_USER_TRAP 20, CAUSE_ILLEGAL, rdinstret a0
  csrwi mcounteren, 4
  TEST_USER_OK 21, rdinstret a0; rdinstreth a0
  TEST_USER_TRAP 22, CAUSE_ILLEGAL, rdcycle a0
  csrwi mcounteren, 5
  TEST_USER_OK 23, rdcycle a0; rdinstret a0
  TEST_USER_TRAP 24, CAUSE_ILLEGAL, csrw cycle, zero   /* the counters stay read-only in U-mode */
  TEST_USER_TRAP 25, CAUSE_ILLEGAL, csrw mcounteren, zero
  csrw mcounteren, zero

  /* A machine interrupt preempts U-mode even with mstatus.MIE clear. */
  STOP_TIMER
  li t0, MIE_MSIE
  csrw mie, t0
  csrci mstatus, MSTATUS_MIE
  li t0, CLINT_MSIP
  li t1, 1
  sw t1, 0(t0)
  li TESTNUM, 28
  EXPECT_TRAP 1f
  ENTER_USER 2f
2:SPIN 1000000
  ecall
1:CHECK 29, s8, CAUSE_MSI
  CHECK_ADDR 30, s9, 2b                             /* taken before the first U-mode instruction */
  li t0, MSTATUS_MPP
  and a0, s7, t0
  CHECK 31, a0, 0
  li t0, CLINT_MSIP
  sw zero, 0(t0)

  li t0, MIE_MTIE
  csrw mie, t0
  SET_TIMER_IN 100
  li TESTNUM, 32
  EXPECT_TRAP 3f
  ENTER_USER 4f
4:SPIN 1000000
  ecall
3:CHECK 33, s8, CAUSE_MTI
  STOP_TIMER
  csrw mie, zero

TEST_END

  .data
  .balign 4
word: .word 41

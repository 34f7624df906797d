/*
 * An interrupt that a store makes pending (msip, or mtimecmp moved into the past) is taken within a few
 * instructions, not at some later point: a loop after the store counts how far execution got before the trap.
 */
#include "test.h"

/* Check n: after the store \store, the trap with mcause \cause comes before the loop has run \max passes. */
.macro TEST_PROMPT n, cause, max, store:vararg
  li TESTNUM, \n
  li a5, 0
  li a6, 1000
  EXPECT_TRAP .Lresume\@
  csrsi mstatus, MSTATUS_MIE
  \store
.Lloop\@:
  addi a5, a5, 1
  bne a5, a6, .Lloop\@
  j fail
.Lresume\@:
  li t6, \cause
  FAIL_UNLESS_EQ s8, t6
  sltiu a0, a5, \max
  beqz a0, fail
.endm

TEST_BEGIN

  STOP_TIMER                       /* mtimecmp has no defined reset value: QEMU's is 0, so MTIP would be pending */
  li t0, MIE_MSIE | MIE_MTIE
  csrw mie, t0
  li t0, CLINT_MSIP
  li t1, 1
  TEST_PROMPT 1, CAUSE_MSI, 4, sw t1, 0(t0)
  li t0, CLINT_MSIP
  sw zero, 0(t0)

  li t0, CLINT_MTIMECMP
  sw zero, 4(t0)
  TEST_PROMPT 2, CAUSE_MTI, 4, sw zero, 0(t0)
  STOP_TIMER
  csrw mie, zero

TEST_END

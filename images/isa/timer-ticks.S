/*
 * rvnommu's time base: mtime (and the time CSR) advance exactly one tick per retired instruction, and a timer
 * interrupt comes when mtime reaches mtimecmp, not later. QEMU counts host time at 10 MHz instead, so this program
 * runs only in rvnommu.
 */
#include "test.h"

TEST_BEGIN

  /* Two reads of mtime 101 instructions apart (the first load and 100 nops) differ by 101. */
  li t0, CLINT_MTIME
  lw a1, 0(t0)
  .rept 100
  nop
  .endr
  lw a0, 0(t0)
  sub a0, a0, a1
  CHECK 1, a0, 101

  rdtime a1
  .rept 20
  nop
  .endr
  rdtime a0
  sub a0, a0, a1
  CHECK 2, a0, 21

  /* A deadline 1000 ticks ahead interrupts a spin loop after 1000 instructions, give or take the set-up. */
  li t0, MIE_MTIE
  csrw mie, t0
  csrr s1, minstret
  SET_TIMER_IN 1000
  li TESTNUM, 3
  EXPECT_TRAP 1f
  csrsi mstatus, MSTATUS_MIE
  SPIN 100000
  j fail
1:csrr a0, minstret
  sub a0, a0, s1
  li TESTNUM, 4
  sltiu a1, a0, 990
  bnez a1, fail
  sltiu a1, a0, 1030
  beqz a1, fail
  STOP_TIMER
  csrw mie, zero

TEST_END

/*
 * Machine timer and software interrupts through the CLINT: mcause, mepc, mtval and mstatus on entry; the gating by
 * mie and mstatus.MIE; WFI waking with and without MIE; priority; and vectored mtvec.
 * Time is counted differently by rvnommu (one tick per instruction) and QEMU (10 MHz host time), so every wait is
 * a bounded spin far longer than the deadlines set here.
 */
#include "test.h"

#define SPIN_LONG 1000000

TEST_BEGIN

  /* Timer: with MTIE and MIE set, the interrupt comes during the spin. */
  li t0, MIE_MTIE
  csrw mie, t0
  SET_TIMER_IN 50
  li TESTNUM, 1
  EXPECT_TRAP 1f
  csrsi mstatus, MSTATUS_MIE
  SPIN SPIN_LONG
  j fail
1:CHECK 2, s8, CAUSE_MTI
  CHECK 3, s10, 0
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and a0, s7, t0
  CHECK 4, a0, MSTATUS_MPIE | MSTATUS_MPP          /* in the handler: MIE off, the old MIE in MPIE, from M */
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 5, a0, MIP_MTIP                            /* still pending: only mtimecmp clears it */
  STOP_TIMER
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 6, a0, 0

  /* Pending but globally disabled: nothing happens until MIE is set, then the trap comes right after the csrs. */
  SET_TIMER_IN 20
  SPIN SPIN_LONG
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 7, a0, MIP_MTIP
  li TESTNUM, 8
  EXPECT_TRAP 2f
  csrsi mstatus, MSTATUS_MIE
3:j fail
2:CHECK 9, s8, CAUSE_MTI
  CHECK_ADDR 10, s9, 3b

  /* Pending and globally enabled but not enabled in mie: no interrupt. */
  csrw mie, zero
  li TESTNUM, 11
  csrsi mstatus, MSTATUS_MIE
  SPIN SPIN_LONG
  csrci mstatus, MSTATUS_MIE
  STOP_TIMER

  /* WFI with MIE clear wakes when the enabled timer fires, without a trap. */
  li t0, MIE_MTIE
  csrw mie, t0
  SET_TIMER_IN 100
  li TESTNUM, 12
  wfi
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 13, a0, MIP_MTIP
  STOP_TIMER

  /* WFI with MIE set: the interrupt is taken with mepc after the wfi. The deadline is far enough that it cannot
     pass before the wfi however the machine keeps time; both rvnommu and QEMU -icount skip the wait. */
  SET_TIMER_IN 1000000
  li TESTNUM, 14
  EXPECT_TRAP 4f
  csrsi mstatus, MSTATUS_MIE
  wfi
5:j fail
4:CHECK 15, s8, CAUSE_MTI
  CHECK_ADDR 16, s9, 5b
  STOP_TIMER

  /* Software interrupt: writing msip raises MSIP. */
  li t0, MIE_MSIE
  csrw mie, t0
  li t0, CLINT_MSIP
  li t1, 1
  li TESTNUM, 17
  EXPECT_TRAP 6f
  csrsi mstatus, MSTATUS_MIE
  sw t1, 0(t0)
  SPIN SPIN_LONG
  j fail
6:CHECK 18, s8, CAUSE_MSI
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK 19, a0, MIP_MSIP
  li t0, CLINT_MSIP
  sw zero, 0(t0)
  lw a0, 0(t0)
  CHECK 20, a0, 0
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK 21, a0, 0

  /* Both pending: the software interrupt has priority over the timer. */
  li t0, MIE_MSIE | MIE_MTIE
  csrw mie, t0
  SET_TIMER_IN 10
  SPIN SPIN_LONG
  li t0, CLINT_MSIP
  li t1, 1
  sw t1, 0(t0)
  li TESTNUM, 22
  EXPECT_TRAP 7f
  csrsi mstatus, MSTATUS_MIE
  j fail
7:CHECK 23, s8, CAUSE_MSI
  li t0, CLINT_MSIP
  sw zero, 0(t0)
  li TESTNUM, 24
  EXPECT_TRAP 8f
  csrsi mstatus, MSTATUS_MIE
  j fail
8:CHECK 25, s8, CAUSE_MTI
  STOP_TIMER

  /* Vectored mtvec: interrupt n goes to base + 4n, exceptions to base. */
  la t0, vectors + 1
  csrw mtvec, t0
  li s6, 0
  SET_TIMER_IN 50
  li TESTNUM, 26
  EXPECT_TRAP 9f
  csrsi mstatus, MSTATUS_MIE
  SPIN SPIN_LONG
  j fail
9:CHECK 27, s6, 7
  CHECK 28, s8, CAUSE_MTI
  STOP_TIMER
  li s6, 0
  li t0, CLINT_MSIP
  li t1, 1
  li TESTNUM, 29
  EXPECT_TRAP 10f
  csrsi mstatus, MSTATUS_MIE
  sw t1, 0(t0)
  SPIN SPIN_LONG
  j fail
10:CHECK 30, s6, 3
  CHECK 31, s8, CAUSE_MSI
  li t0, CLINT_MSIP
  sw zero, 0(t0)
  li s6, 0
  TEST_TRAP 32, CAUSE_ECALL_M, ecall
  CHECK 33, s6, 0
  la t0, trap_handler
  csrw mtvec, t0
  csrw mie, zero

TEST_END

/* Vector table: one jump per cause; the interrupt entries note their number in s6 for the common handler. */
  .balign 256
vectors:
  j trap_handler
  j fail
  j fail
  j software_entry
  j fail
  j fail
  j fail
  j timer_entry
software_entry:
  li s6, 3
  j trap_handler
timer_entry:
  li s6, 7
  j trap_handler

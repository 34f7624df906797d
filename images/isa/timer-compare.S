/*
 * mtimecmp is one 64-bit value compared with the 64-bit mtime, whatever order its halves are written in. Parking the
 * high word at all ones (a common alternative to the spec's low-word order) must never raise MTIP.
 */
#include "test.h"

#define SPIN_LONG 1000000

TEST_BEGIN

  STOP_TIMER
  li t0, CLINT_MTIMECMP
  li t1, -1
  sw t1, 4(t0)
  sw zero, 0(t0)                   /* mtimecmp = 0xffffffff_00000000: far in the future */
  SPIN SPIN_LONG
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 1, a0, 0
  li t0, CLINT_MTIMECMP            /* SPIN used t0 */
  lw a0, 0(t0)
  CHECK 2, a0, 0
  lw a0, 4(t0)
  CHECK 3, a0, 0xffffffff

  /* Now the high word: mtimecmp = 0x00000000_00000000, long past. */
  sw zero, 4(t0)
  SPIN SPIN_LONG
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 4, a0, MIP_MTIP

  /*
   * Back to all ones, low word first (the spec's recommended order): 0x00000000_ffffffff is already in the future
   * for an mtime below 2^32, so MTIP clears at once, and writing the high word keeps it clear.
   */
  li t0, CLINT_MTIMECMP            /* SPIN used t0 */
  sw t1, 0(t0)
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 5, a0, 0
  sw t1, 4(t0)
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 6, a0, 0
  SPIN SPIN_LONG
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK 7, a0, 0

TEST_END

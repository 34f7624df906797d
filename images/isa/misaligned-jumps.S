/*
 * jal and taken branches to a target that is not 4-byte aligned (no C extension): the trap is reported on the jump
 * itself, mtval = the target, and rd is not written, since the jump does not retire (unprivileged spec 2.5). QEMU 7.2
 * records a stale pc in mtval for these and writes rd of jal, so this program runs only in rvnommu (jalr, which QEMU
 * gets right, is checked in traps.S).
 */
#include "test.h"

/* Check n: mtval is mepc + 2, the target of the `.+2` jump that trapped. */
.macro CHECK_TVAL_IS_NEXT_HALF n
  li TESTNUM, \n
  addi t6, s9, 2
  FAIL_UNLESS_EQ s10, t6
.endm

TEST_BEGIN

  li ra, 0x1234
  TEST_TRAP 1, CAUSE_MISALIGNED_FETCH, .word 0x002000ef    /* jal ra, .+2 */
  CHECK_TVAL_IS_NEXT_HALF 2
  CHECK 3, ra, 0x1234
  TEST_TRAP 4, CAUSE_MISALIGNED_FETCH, .word 0xffbff0ef    /* jal ra, .-6 */
  addi t6, s9, -6
  li TESTNUM, 5
  FAIL_UNLESS_EQ s10, t6
  CHECK 6, ra, 0x1234
  TEST_TRAP 7, CAUSE_MISALIGNED_FETCH, .word 0x00000163    /* beq x0, x0, .+2 */
  CHECK_TVAL_IS_NEXT_HALF 8
  li a0, 1
  TEST_TRAP 9, CAUSE_MISALIGNED_FETCH, .word 0x00a04163    /* blt x0, a0, .+2 */
  CHECK_TVAL_IS_NEXT_HALF 10

TEST_END

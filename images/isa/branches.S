/* Conditional branches, each taken and not taken, with signed and unsigned compares. */
#include "test.h"

/* Check n: `\inst a1, a2, target` with a1 = \a, a2 = \b is taken (\taken = 1) or falls through (\taken = 0). */
.macro TEST_BRANCH n, inst, taken, a, b
  li TESTNUM, \n
  li a1, \a
  li a2, \b
  li a0, 0
  \inst a1, a2, .Ltaken\@
  j .Ldone\@
.Ltaken\@:
  li a0, 1
.Ldone\@:
  li t6, \taken
  FAIL_UNLESS_EQ a0, t6
.endm

TEST_BEGIN

  TEST_BRANCH  1, beq,  1, 5, 5
  TEST_BRANCH  2, beq,  0, 5, 6
  TEST_BRANCH  3, beq,  1, -1, 0xffffffff
  TEST_BRANCH  4, bne,  1, 5, 6
  TEST_BRANCH  5, bne,  0, 5, 5
  TEST_BRANCH  6, bne,  1, 0x80000000, 0

  TEST_BRANCH  7, blt,  1, -1, 0
  TEST_BRANCH  8, blt,  0, 0, -1
  TEST_BRANCH  9, blt,  0, 3, 3
  TEST_BRANCH 10, blt,  1, 0x80000000, 0x7fffffff
  TEST_BRANCH 11, bge,  1, 3, 3
  TEST_BRANCH 12, bge,  1, 0, -1
  TEST_BRANCH 13, bge,  0, -1, 0
  TEST_BRANCH 14, bge,  0, 0x80000000, 0x7fffffff

  TEST_BRANCH 15, bltu, 0, -1, 0
  TEST_BRANCH 16, bltu, 1, 0, -1
  TEST_BRANCH 17, bltu, 0, 3, 3
  TEST_BRANCH 18, bltu, 0, 0x80000000, 0x7fffffff
  TEST_BRANCH 19, bgeu, 1, 3, 3
  TEST_BRANCH 20, bgeu, 1, -1, 0
  TEST_BRANCH 21, bgeu, 0, 0, -1
  TEST_BRANCH 22, bgeu, 1, 0x80000000, 0x7fffffff

  /* A backward branch: a loop that runs exactly 10 times. */
  li TESTNUM, 23
  li a0, 0
  li a1, 10
1:addi a0, a0, 1
  bne a0, a1, 1b
  CHECK 24, a0, 10

  /* Comparing a register with itself and with x0. */
  TEST_BRANCH 25, blt,  0, 0x80000000, 0x80000000
  li TESTNUM, 26
  li a0, -5
  bltz a0, 2f
  j fail
2:bgez a0, 4f
  j 5f
4:j fail
5:
  li TESTNUM, 27
  bgtu a0, x0, 3f
  j fail
3:

  /* Both ends of the 13-bit branch range: +4092 and -4096 bytes. */
  li TESTNUM, 28
  j far_forward_from
far_backward_to:
  j far_done
far_forward_from:
  beq x0, x0, far_forward_to
  j fail
  .skip 4084
far_forward_to:
  beq x0, x0, far_backward_to
  j fail
far_done:

TEST_END

/* jal and jalr: targets, link values, rd == rs1, and jalr clearing bit 0 of the target. */
#include "test.h"

TEST_BEGIN

  li TESTNUM, 1
  jal ra, 1f
2:j fail
1:la t0, 2b
  bne ra, t0, fail

  /* jal with rd = x0 (plain j) links nothing. */
  li TESTNUM, 2
  jal x0, 3f
  j fail
3:CHECK 3, x0, 0

  /* jalr: register plus sign-extended offset; the link is the jalr's address + 4. */
  li TESTNUM, 4
  la t1, 4f
  addi t1, t1, 8
  jalr ra, -8(t1)
5:j fail
4:la t0, 5b
  bne ra, t0, fail

  /* Bit 0 of the computed target is cleared (odd offset, then odd register). */
  li TESTNUM, 6
  la t1, 6f
  jalr a0, 1(t1)
7:j fail
6:la t0, 7b
  bne a0, t0, fail
  li TESTNUM, 8
  la t1, 8f
  addi t1, t1, 1
  jalr a0, 0(t1)
  j fail
8:

  /* rd == rs1: the target uses the old value of the register. */
  li TESTNUM, 9
  la a0, 9f
  jalr a0, 0(a0)
10:j fail
9:la t0, 10b
  bne a0, t0, fail

  /* A call and return through a function that also calls. */
  li TESTNUM, 11
  li a0, 0
  call outer
  CHECK 12, a0, 3

  /* Negative jal offset. */
  li TESTNUM, 13
  j 12f
11:j 13f
12:jal ra, 11b
  j fail
13:

TEST_END

outer:
  mv s0, ra
  addi a0, a0, 1
  call inner
  addi a0, a0, 1
  mv ra, s0
  ret
inner:
  addi a0, a0, 1
  ret

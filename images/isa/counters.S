/* The cycle and instret counters: exact counting (one cycle per instruction), 64-bit halves, and writes. */
#include "test.h"

TEST_BEGIN

  /* Between two reads, instret and cycle advance by the instructions retired: the first read and 100 nops. */
  csrr a1, minstret
  .rept 100
  nop
  .endr
  csrr a0, minstret
  sub a0, a0, a1
  CHECK 1, a0, 101
  csrr a1, mcycle
  .rept 50
  nop
  .endr
  csrr a0, mcycle
  sub a0, a0, a1
  CHECK 2, a0, 51
  /* The unprivileged aliases read the same counters. */
  rdinstret a1
  rdinstret a0
  sub a0, a0, a1
  CHECK 3, a0, 1
  rdcycle a1
  addi zero, zero, 0
  rdcycle a0
  sub a0, a0, a1
  CHECK 4, a0, 2

  /* A trapping instruction does not retire: instret counts the trap handler's instructions only. */
  csrr s1, minstret
  TEST_TRAP 5, CAUSE_ECALL_M, ecall
  csrr a0, minstret
  sub s1, a0, s1
  li TESTNUM, 6
  beqz s1, fail

  /* A write sets the value the next instruction reads. */
  li a1, 1000
  csrw minstret, a1
  csrr a0, minstret
  CHECK 7, a0, 1000
  csrw mcycle, a1
  csrr a0, mcycle
  CHECK 8, a0, 1000

  /* The high halves: a carry out of the low word reaches them. */
  li a1, 0x1234
  csrw minstreth, a1
  csrr a0, minstreth
  CHECK 9, a0, 0x1234
  csrr a0, instreth
  CHECK 10, a0, 0x1234
  li a1, -8
  csrw minstret, a1
  .rept 10
  nop
  .endr
  csrr a0, minstret
  csrr a2, minstreth
  CHECK 11, a0, 2
  CHECK 12, a2, 0x1235
  li a1, 7
  csrw mcycleh, a1
  csrr a0, cycleh
  CHECK 13, a0, 7
  csrw mcycleh, zero

TEST_END

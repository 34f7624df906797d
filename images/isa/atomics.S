/* The A extension: LR/SC success and failure, and every AMO with signed and unsigned min/max. */
#include "test.h"

/* Check n: with memory word = \old, `\inst a0, a2, (a1)` with a2 = \operand returns \old and leaves \new. */
.macro TEST_AMO n, inst, old, operand, new
  li TESTNUM, \n
  la a1, word
  li t0, \old
  sw t0, 0(a1)
  li a2, \operand
  \inst a0, a2, (a1)
  li t6, \old
  FAIL_UNLESS_EQ a0, t6
  lw a0, 0(a1)
  li t6, \new
  FAIL_UNLESS_EQ a0, t6
.endm

TEST_BEGIN

  TEST_AMO  1, amoswap.w, 0x11111111, 0x22222222, 0x22222222
  TEST_AMO  2, amoadd.w,  0xffffffff, 2, 1
  TEST_AMO  3, amoxor.w,  0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
  TEST_AMO  4, amoand.w,  0xff00ff00, 0x0ff00ff0, 0x0f000f00
  TEST_AMO  5, amoor.w,   0xff00ff00, 0x0ff00ff0, 0xfff0fff0
  TEST_AMO  6, amomin.w,  0xffffffff, 1, 0xffffffff
  TEST_AMO  7, amomin.w,  1, 0xffffffff, 0xffffffff
  TEST_AMO  8, amomax.w,  0xffffffff, 1, 1
  TEST_AMO  9, amomax.w,  0x80000000, 0x7fffffff, 0x7fffffff
  TEST_AMO 10, amominu.w, 0xffffffff, 1, 1
  TEST_AMO 11, amominu.w, 1, 0xffffffff, 1
  TEST_AMO 12, amomaxu.w, 1, 0xffffffff, 0xffffffff
  TEST_AMO 13, amomaxu.w, 0x80000000, 0x7fffffff, 0x80000000
  TEST_AMO 14, amomin.w,  5, 5, 5
  /* The aq and rl bits change ordering only; a single hart sees the same results. */
  TEST_AMO 15, amoadd.w.aqrl, 40, 2, 42
  TEST_AMO 16, amoswap.w.aq,  1, 2, 2
  TEST_AMO 17, amoor.w.rl,    1, 2, 3

  /* rd = rs2: the operand is read before the old value is written back. */
  li TESTNUM, 18
  la a1, word
  li t0, 10
  sw t0, 0(a1)
  li a2, 3
  amoadd.w a2, a2, (a1)
  CHECK 19, a2, 10
  lw a0, 0(a1)
  CHECK 20, a0, 13

  /* rd = x0: memory is still updated. */
  li TESTNUM, 21
  li a2, 7
  amoadd.w x0, a2, (a1)
  lw a0, 0(a1)
  CHECK 22, a0, 20

  /* LR then SC to the same address succeeds (rd = 0) and stores. */
  li TESTNUM, 23
  la a1, word
  li t0, 100
  sw t0, 0(a1)
  lr.w a0, (a1)
  CHECK 24, a0, 100
  li a2, 200
  sc.w a3, a2, (a1)
  CHECK 25, a3, 0
  lw a0, 0(a1)
  CHECK 26, a0, 200

  /* The SC consumed the reservation: a second SC fails (rd != 0) and does not store. */
  li TESTNUM, 27
  li a2, 300
  sc.w a3, a2, (a1)
  beqz a3, fail
  lw a0, 0(a1)
  CHECK 28, a0, 200

  /* SC to an address outside the reservation fails and does not store. */
  li TESTNUM, 29
  la a4, other_word
  lr.w a0, (a1)
  li a2, 400
  sc.w a3, a2, (a4)
  beqz a3, fail
  lw a0, 0(a4)
  CHECK 30, a0, 0x5a5a5a5a

  /* A retry loop, the way compilers use LR/SC: atomically add 5. */
  li TESTNUM, 31
1:lr.w.aq a0, (a1)
  addi a0, a0, 5
  sc.w.rl a3, a0, (a1)
  bnez a3, 1b
  lw a0, 0(a1)
  CHECK 32, a0, 205

  /* A trap between LR and SC clears the reservation (as on a context switch): the SC fails and does not store. */
  li TESTNUM, 33
  lr.w a0, (a1)
  TEST_TRAP 34, CAUSE_ECALL_M, ecall
  li a2, 500
  sc.w a3, a2, (a1)
  li TESTNUM, 35
  beqz a3, fail
  lw a0, 0(a1)
  CHECK 36, a0, 205

TEST_END

  .data
  .balign 4
word:       .word 0
other_word: .word 0x5a5a5a5a

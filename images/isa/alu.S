/* RV32I register-register and register-immediate arithmetic, lui/auipc, and x0. */
#include "test.h"

TEST_BEGIN

  TEST_RR  1, add,  0x00000003, 1, 2
  TEST_RR  2, add,  0x00000000, -1, 1
  TEST_RR  3, add,  0x80000000, 0x7fffffff, 1          /* wraps, no overflow trap */
  TEST_RR  4, add,  0xfffffffe, 0xffffffff, 0xffffffff
  TEST_RR  5, sub,  0xffffffff, 0, 1
  TEST_RR  6, sub,  0x7fffffff, 0x80000000, 1
  TEST_RR  7, sub,  0x00000000, 0x12345678, 0x12345678
  TEST_RR  8, and,  0x0f000f00, 0xff00ff00, 0x0f0f0f0f
  TEST_RR  9, or,   0xff0fff0f, 0xff00ff00, 0x0f0f0f0f
  TEST_RR 10, xor,  0xf00ff00f, 0xff00ff00, 0x0f0f0f0f

  TEST_RR 11, slt,  1, -1, 0
  TEST_RR 12, slt,  0, 0, -1
  TEST_RR 13, slt,  0, 5, 5
  TEST_RR 14, slt,  1, 0x80000000, 0x7fffffff
  TEST_RR 15, sltu, 0, -1, 0                           /* 0xffffffff is the largest unsigned value */
  TEST_RR 16, sltu, 1, 0, -1
  TEST_RR 17, sltu, 0, 0x80000000, 0x7fffffff
  TEST_RR 18, sltu, 0, 7, 7

  /* Register shifts use only the low 5 bits of rs2. */
  TEST_RR 19, sll,  0x80000001, 0x80000001, 0
  TEST_RR 20, sll,  0x80000000, 0x00000001, 31
  TEST_RR 21, sll,  0x00000002, 0x00000001, 33
  TEST_RR 22, sll,  0x00000010, 0x00000001, 0xffffffe4
  TEST_RR 23, srl,  0x80000000, 0x80000000, 0
  TEST_RR 24, srl,  0x00000001, 0x80000000, 31
  TEST_RR 25, srl,  0x00800000, 0x80000000, 0x28       /* 40 & 31 = 8 */
  TEST_RR 26, sra,  0x80000000, 0x80000000, 0
  TEST_RR 27, sra,  0xffffffff, 0x80000000, 31
  TEST_RR 28, sra,  0xff800000, 0x80000000, 0xffffffe8 /* -24 & 31 = 8 */
  TEST_RR 29, sra,  0x01234567, 0x12345678, 4

  TEST_RI 30, addi,  0x00000000, 1, -1
  TEST_RI 31, addi,  0x800007fe, 0x7fffffff, 0x7ff
  TEST_RI 32, addi,  0x7ffff800, 0x80000000, -2048
  TEST_RI 33, andi,  0x000007f0, 0x12345ff0, 0x7f0
  TEST_RI 34, andi,  0x12345800, 0x12345ff0, -2048      /* immediates are sign-extended */
  TEST_RI 35, ori,   0xfffff9ff, 0x000000ff, -1792
  TEST_RI 36, xori,  0xedcba987, 0x12345678, -1        /* xori -1 is not */
  TEST_RI 37, slti,  1, -2049, -2048
  TEST_RI 38, slti,  0, 2047, 2047
  TEST_RI 39, sltiu, 1, 0, 1                           /* seqz idiom */
  TEST_RI 40, sltiu, 0, 1, 1
  TEST_RI 41, sltiu, 1, 0xfffffffe, -1                 /* -1 compares as 0xffffffff */
  TEST_RI 42, slli,  0x12345678, 0x12345678, 0
  TEST_RI 43, slli,  0x80000000, 0xffffffff, 31
  TEST_RI 44, srli,  0xffffffff, 0xffffffff, 0
  TEST_RI 45, srli,  0x00000001, 0xffffffff, 31
  TEST_RI 46, srai,  0x87654321, 0x87654321, 0
  TEST_RI 47, srai,  0xffffffff, 0x87654321, 31
  TEST_RI 48, srai,  0x00000000, 0x7fffffff, 31

  /* A destination that is also a source reads the old value. */
  li TESTNUM, 49
  li a0, 5
  add a0, a0, a0
  CHECK 50, a0, 10
  li a0, 3
  li a1, 7
  sub a0, a1, a0
  CHECK 51, a0, 4

  li TESTNUM, 52
  lui a0, 0x12345
  CHECK 53, a0, 0x12345000
  lui a0, 0xfffff
  CHECK 54, a0, 0xfffff000
  lui a0, 0
  CHECK 55, a0, 0

  /* auipc adds to its own address. */
  li TESTNUM, 56
1:auipc a0, 0
  la a1, 1b
  bne a0, a1, fail
  li TESTNUM, 57
2:auipc a0, 0x1
  la a1, 2b
  sub a0, a0, a1
  CHECK 58, a0, 0x1000
  li TESTNUM, 59
3:auipc a0, 0xfffff
  la a1, 3b
  sub a0, a0, a1
  CHECK 60, a0, -0x1000

  /* Writes to x0 are discarded and x0 reads 0 afterwards. */
  li a1, 0x55
  addi x0, a1, 1
  CHECK 61, x0, 0
  lui x0, 0x12345
  CHECK 62, x0, 0
  add x0, a1, a1
  add a0, x0, x0
  CHECK 63, a0, 0
  auipc x0, 1
  CHECK 64, x0, 0
  slli x0, a1, 2
  or a0, x0, a1
  CHECK 65, a0, 0x55

TEST_END

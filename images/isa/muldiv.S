/* The M extension: products with every signedness, and division by zero and overflow, which never trap. */
#include "test.h"

TEST_BEGIN

  TEST_RR  1, mul,    0x00000015, 3, 7
  TEST_RR  2, mul,    0x242d2080, 0x12345678, 0x9abcdef0
  TEST_RR  3, mul,    0x00000001, 0xffffffff, 0xffffffff
  TEST_RR  4, mul,    0x80000000, 0x80000000, 0xffffffff
  TEST_RR  5, mul,    0xfffffffc, 2, 0xfffffffe

  /* High words: mulh signed x signed, mulhsu signed rs1 x unsigned rs2, mulhu unsigned x unsigned. */
  TEST_RR  6, mulh,   0xf8cc93d6, 0x12345678, 0x9abcdef0
  TEST_RR  7, mulhsu, 0x0b00ea4e, 0x12345678, 0x9abcdef0
  TEST_RR  8, mulhu,  0x0b00ea4e, 0x12345678, 0x9abcdef0
  TEST_RR  9, mulh,   0x40000000, 0x80000000, 0x80000000
  TEST_RR 10, mulhsu, 0xc0000000, 0x80000000, 0x80000000
  TEST_RR 11, mulhu,  0x40000000, 0x80000000, 0x80000000
  TEST_RR 12, mulh,   0x00000000, 0xffffffff, 0xffffffff
  TEST_RR 13, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff
  TEST_RR 14, mulhu,  0xfffffffe, 0xffffffff, 0xffffffff
  TEST_RR 15, mulh,   0x00000000, 0x80000000, 0xffffffff
  TEST_RR 16, mulhsu, 0x80000000, 0x80000000, 0xffffffff
  TEST_RR 17, mulhu,  0x7fffffff, 0x80000000, 0xffffffff
  TEST_RR 18, mulh,   0x3fffffff, 0x7fffffff, 0x7fffffff
  TEST_RR 19, mulh,   0xffffffff, 0x80000000, 1
  TEST_RR 20, mulhsu, 0x00000001, 2, 0xfffffffe
  TEST_RR 21, mulhu,  0x00000000, 0xffffffff, 1

  /* Division truncates toward zero; the remainder takes the dividend's sign. */
  TEST_RR 22, div,    3, 20, 6
  TEST_RR 23, div,    -3, -20, 6
  TEST_RR 24, div,    -3, 20, -6
  TEST_RR 25, div,    3, -20, -6
  TEST_RR 26, rem,    2, 20, 6
  TEST_RR 27, rem,    -2, -20, 6
  TEST_RR 28, rem,    2, 20, -6
  TEST_RR 29, rem,    -2, -20, -6
  TEST_RR 30, divu,   3, 20, 6
  TEST_RR 31, divu,   0x2aaaaaa7, -20, 6
  TEST_RR 32, remu,   2, -20, 6
  TEST_RR 33, divu,   0, 0x80000000, 0xffffffff
  TEST_RR 34, remu,   0x80000000, 0x80000000, 0xffffffff
  TEST_RR 35, div,    0, -1, 0x80000000
  TEST_RR 36, rem,    -1, -1, 0x80000000

  /* Division by zero: quotient all ones, remainder the dividend. */
  TEST_RR 37, div,    -1, 20, 0
  TEST_RR 38, div,    -1, -20, 0
  TEST_RR 39, divu,   0xffffffff, 20, 0
  TEST_RR 40, rem,    20, 20, 0
  TEST_RR 41, rem,    -20, -20, 0
  TEST_RR 42, remu,   0xffffffec, -20, 0
  TEST_RR 43, div,    -1, 0, 0
  TEST_RR 44, remu,   0, 0, 0

  /* Signed overflow: the most negative value divided by -1. */
  TEST_RR 45, div,    0x80000000, 0x80000000, -1
  TEST_RR 46, rem,    0, 0x80000000, -1
  TEST_RR 47, divu,   0, 0x80000000, -1
  TEST_RR 48, remu,   0x80000000, 0x80000000, -1

  /* Destination equal to a source. */
  li TESTNUM, 49
  li a0, 6
  mul a0, a0, a0
  CHECK 50, a0, 36
  li a1, 100
  divu a1, a1, a0
  CHECK 51, a1, 2

TEST_END

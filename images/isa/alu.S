/* Integer register-register and register-immediate instructions, LUI, AUIPC, and writes to x0. */
#include "test.h"

  TEST_BEGIN

  TEST_RR  1, add, 2, 1, 1
  TEST_RR  2, add, 0x80000000, 0x7fffffff, 1          /* wraps, no overflow trap */
  TEST_RR  3, add, 0, -1, 1
  TEST_RR  4, add, 0, 0x80000000, 0x80000000
  TEST_RR  5, sub, 2, 5, 3
  TEST_RR  6, sub, -1, 0, 1
  TEST_RR  7, sub, 0x7fffffff, 0x80000000, 1
  TEST_RR  8, and, 0x0f000f00, 0xff00ff00, 0x0ff00ff0
  TEST_RR  9, or,  0xfff0fff0, 0xff00ff00, 0x0ff00ff0
  TEST_RR 10, xor, 0xf0f0f0f0, 0xff00ff00, 0x0ff00ff0

  /* Register shifts use only the low 5 bits of rs2. */
  TEST_RR 11, sll, 0x12345678, 0x12345678, 0
  TEST_RR 12, sll, 0x80000000, 1, 31
  TEST_RR 13, sll, 1, 1, 32
  TEST_RR 14, sll, 2, 1, 33
  TEST_RR 15, sll, 0x80000000, 1, -1
  TEST_RR 16, srl, 0x80000000, 0x80000000, 0
  TEST_RR 17, srl, 1, 0x80000000, 31
  TEST_RR 18, srl, 0x40000000, 0x80000000, 33
  TEST_RR 19, srl, 0x7fffffff, -1, 0xffffffe1
  TEST_RR 20, sra, 0x80000000, 0x80000000, 0
  TEST_RR 21, sra, -1, 0x80000000, 31
  TEST_RR 22, sra, 0xc0000000, 0x80000000, 1
  TEST_RR 23, sra, 0, 0x7fffffff, 31
  TEST_RR 24, sra, 0xf8000000, 0x80000000, 0xffffffe4

  TEST_RR 25, slt, 1, -1, 1
  TEST_RR 26, slt, 0, 1, -1
  TEST_RR 27, slt, 0, 7, 7
  TEST_RR 28, slt, 1, 0x80000000, 0x7fffffff
  TEST_RR 29, sltu, 0, -1, 1
  TEST_RR 30, sltu, 1, 1, -1
  TEST_RR 31, sltu, 0, 0, 0
  TEST_RR 32, sltu, 0, 0x80000000, 0x7fffffff

  /* Immediates are 12-bit and sign-extended, also for the logical operations and SLTIU. */
  TEST_RI 33, addi, 0, 1, -1
  TEST_RI 34, addi, 0x80000000, 0x7fffffff, 1
  TEST_RI 35, addi, -2048, 0, -2048
  TEST_RI 36, addi, 2047, 0, 2047
  TEST_RI 37, slti, 1, -1, 0
  TEST_RI 38, slti, 0, 0, -2048
  TEST_RI 39, slti, 1, 0x80000000, -1
  TEST_RI 40, slti, 0, 2047, 2047
  TEST_RI 41, sltiu, 1, 0, -1                           /* -1 compares as 0xffffffff */
  TEST_RI 42, sltiu, 1, 0xfffffffe, -1
  TEST_RI 43, sltiu, 0, 0xffffffff, -1
  TEST_RI 44, sltiu, 1, 0, 1                            /* seqz */
  TEST_RI 45, sltiu, 0, 1, 1
  TEST_RI 46, andi, 0x12345600, 0x12345678, -256
  TEST_RI 47, andi, 0x00000678, 0x12345678, 0x7ff
  TEST_RI 48, ori,  0xfffffe7f, 0x1234567f, -2048
  TEST_RI 49, ori,  0x123457ff, 0x12345678, 0x7ff
  TEST_RI 50, xori, 0xedcba987, 0x12345678, -1          /* not */
  TEST_RI 51, xori, 0x12345187, 0x12345678, 0x7ff

  TEST_RI 52, slli, 0x12345678, 0x12345678, 0
  TEST_RI 53, slli, 0x80000000, 0x12345679, 31
  TEST_RI 54, slli, 0x23456780, 0x12345678, 4
  TEST_RI 55, srli, 0x80000000, 0x80000000, 0
  TEST_RI 56, srli, 1, 0x80000000, 31
  TEST_RI 57, srli, 0x08000000, 0x80000000, 4
  TEST_RI 58, srai, 0x80000000, 0x80000000, 0
  TEST_RI 59, srai, -1, 0x80000000, 31
  TEST_RI 60, srai, 0xf8000000, 0x80000000, 4
  TEST_RI 61, srai, 0x07ffffff, 0x7fffffff, 4

  /* Destination equal to a source. */
  li TESTNUM, 62
  li a0, 21
  add a0, a0, a0
  li t6, 42
  bne a0, t6, fail
  li TESTNUM, 63
  li a0, 5
  sub a0, a0, a0
  bnez a0, fail

  /* LUI fills the upper 20 bits and clears the lower 12. */
  li TESTNUM, 64
  li a0, -1
  lui a0, 0x12345
  li t6, 0x12345000
  bne a0, t6, fail
  li TESTNUM, 65
  lui a0, 0xfffff
  li t6, 0xfffff000
  bne a0, t6, fail
  li TESTNUM, 66
  lui a0, 0x80000
  li t6, 0x80000000
  bne a0, t6, fail

  /* AUIPC adds the upper immediate to its own address. */
  li TESTNUM, 67
.Lauipc1:
  auipc a0, 0
  la t6, .Lauipc1
  bne a0, t6, fail
  li TESTNUM, 68
.Lauipc2:
  auipc a0, 0x12345
  la t6, .Lauipc2
  li t5, 0x12345000
  add t6, t6, t5
  bne a0, t6, fail
  li TESTNUM, 69
.Lauipc3:
  auipc a0, 0xfffff                                     /* pc - 0x1000 */
  la t6, .Lauipc3
  addi t6, t6, -2048
  addi t6, t6, -2048
  bne a0, t6, fail

  /* x0 ignores writes and always reads as zero. */
  li TESTNUM, 70
  li a1, 7
  addi x0, a1, 5
  bnez x0, fail
  li TESTNUM, 71
  lui x0, 0x12345
  bnez x0, fail
  li TESTNUM, 72
  auipc x0, 1
  bnez x0, fail
  li TESTNUM, 73
  add x0, a1, a1
  add a0, x0, x0
  bnez a0, fail
  li TESTNUM, 74
  sub a0, x0, a1
  li t6, -7
  bne a0, t6, fail

  TEST_END

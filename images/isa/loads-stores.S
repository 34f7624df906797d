/* Loads and stores of every width: sign and zero extension, offsets, partial overwrites, misaligned accesses. */
#include "test.h"

/* Check n: `\inst a0, \offset(a1)` with a1 = \base gives \expected. */
.macro TEST_LOAD n, inst, expected, base, offset
  li TESTNUM, \n
  la a1, \base
  \inst a0, \offset(a1)
  li t6, \expected
  FAIL_UNLESS_EQ a0, t6
.endm

TEST_BEGIN

  TEST_LOAD  1, lw,  0x80ff7f01, bytes, 0
  TEST_LOAD  2, lb,  0x00000001, bytes, 0
  TEST_LOAD  3, lb,  0x0000007f, bytes, 1
  TEST_LOAD  4, lb,  0xffffffff, bytes, 2
  TEST_LOAD  5, lb,  0xffffff80, bytes, 3
  TEST_LOAD  6, lbu, 0x000000ff, bytes, 2
  TEST_LOAD  7, lbu, 0x00000080, bytes, 3
  TEST_LOAD  8, lh,  0x00007f01, bytes, 0
  TEST_LOAD  9, lh,  0xffff80ff, bytes, 2
  TEST_LOAD 10, lhu, 0x000080ff, bytes, 2
  TEST_LOAD 11, lh,  0xffff8000, halves, 0
  TEST_LOAD 12, lhu, 0x00008000, halves, 0
  TEST_LOAD 13, lh,  0x00007fff, halves, 2
  /* Negative offsets. */
  TEST_LOAD 14, lw,  0x80ff7f01, halves, -4
  TEST_LOAD 15, lbu, 0x00000080, halves, -1

  /* sw then read back every piece; sb and sh change only their own bytes. */
  li TESTNUM, 16
  la a1, scratch
  li a2, 0x11223344
  sw a2, 0(a1)
  li a2, 0xaa
  sb a2, 1(a1)
  lw a0, 0(a1)
  CHECK 17, a0, 0x1122aa44
  li a2, 0x12345678                /* sb and sh store only the low bits of rs2 */
  sh a2, 2(a1)
  lw a0, 0(a1)
  CHECK 18, a0, 0x5678aa44
  sb a2, -1(a1)
  lbu a0, -1(a1)
  CHECK 19, a0, 0x78
  lw a0, 4(a1)
  CHECK 20, a0, 0xdeadbeef         /* the word after scratch is untouched */

  /* A load into x0 is performed but discards its value. */
  li TESTNUM, 21
  la a1, bytes
  lw x0, 0(a1)
  CHECK 22, x0, 0

  /* A load whose base register is also its destination. */
  li TESTNUM, 23
  la a0, pointer
  lw a0, 0(a0)
  lw a0, 0(a0)
  CHECK 24, a0, 0x80ff7f01

  /* Misaligned data accesses are performed in hardware here (the privileged spec allows either that or a trap). */
  TEST_LOAD 25, lw,  0x018180ff, misaligned, 1
  TEST_LOAD 26, lw,  0x02018180, misaligned, 2
  TEST_LOAD 27, lw,  0x00020181, misaligned, 3
  TEST_LOAD 28, lh,  0xffff80ff, misaligned, 1
  TEST_LOAD 29, lhu, 0x000080ff, misaligned, 1
  TEST_LOAD 30, lh,  0x00000181, misaligned, 3
  li TESTNUM, 31
  la a1, scratch
  sw zero, 0(a1)
  sw zero, 4(a1)
  li a2, 0xa1b2c3d4
  sw a2, 3(a1)
  lw a0, 0(a1)
  CHECK 32, a0, 0xd4000000
  lw a0, 4(a1)
  CHECK 33, a0, 0x00a1b2c3
  li a2, 0xbeef
  sh a2, 1(a1)
  lw a0, 0(a1)
  CHECK 34, a0, 0xd4beef00
  lw a0, 3(a1)
  CHECK 35, a0, 0xa1b2c3d4

  /* A misaligned word that straddles two pages. */
  li TESTNUM, 36
  la a1, page_end
  li a2, 0x44332211
  sw a2, -2(a1)
  lw a0, -2(a1)
  CHECK 37, a0, 0x44332211
  lhu a0, 0(a1)
  CHECK 38, a0, 0x4433
  lh a0, -1(a1)
  CHECK 39, a0, 0x3322

TEST_END

  .data
  .balign 4
bytes:      .byte 0x01, 0x7f, 0xff, 0x80
halves:     .half 0x8000, 0x7fff
pointer:    .word bytes
misaligned: .byte 0x7f, 0xff, 0x80, 0x81, 0x01, 0x02, 0x00, 0x00
            .word 0
scratch:    .word 0, 0xdeadbeef, 0
  .balign 4096
  .skip 4096 - 8
  .word 0
  .word 0
page_end:   .word 0

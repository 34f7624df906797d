/*
 * Misaligned LR/SC/AMO: unlike ordinary loads and stores, atomics are never performed misaligned. An AMO or SC traps
 * as store/AMO address misaligned (cause 6), an LR as load address misaligned (cause 4), mtval = the address, and
 * memory is unchanged.
 */
#include "test.h"

#define CAUSE_LOAD_MISALIGNED   4
#define CAUSE_STORE_MISALIGNED  6

TEST_BEGIN

  la a1, word + 2
  li a2, 1
  TEST_TRAP  1, CAUSE_STORE_MISALIGNED, amoadd.w a0, a2, (a1)
  CHECK_ADDR 2, s10, word + 2
  TEST_TRAP  3, CAUSE_STORE_MISALIGNED, amoswap.w a0, a2, (a1)
  CHECK_ADDR 4, s10, word + 2
  TEST_TRAP  5, CAUSE_STORE_MISALIGNED, sc.w a0, a2, (a1)
  CHECK_ADDR 6, s10, word + 2
  la a1, word + 1
  TEST_TRAP  7, CAUSE_LOAD_MISALIGNED, lr.w a0, (a1)
  CHECK_ADDR 8, s10, word + 1
  la a1, word
  lw a0, 0(a1)
  CHECK 9, a0, 0x01020304
  lw a0, 4(a1)
  CHECK 10, a0, 0x05060708

TEST_END

  .data
  .balign 4
word: .word 0x01020304, 0x05060708

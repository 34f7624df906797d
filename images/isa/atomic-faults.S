/*
 * Atomics that trap. Unlike ordinary loads and stores, LR/SC/AMOs are never performed misaligned: an AMO or SC traps
 * as store/AMO address misaligned (cause 6), an LR as load address misaligned (cause 4); an AMO to an address with
 * no memory behind it raises a store/AMO access fault (cause 7). mtval = the address; memory is unchanged.
 * QEMU 7.2 reports AMO faults as load faults (cause 4 and 5), so this program runs only in rvnommu.
 */
#include "test.h"

TEST_BEGIN

  la a1, word + 2
  li a2, 1
  TEST_TRAP  1, CAUSE_MISALIGNED_STORE, amoadd.w a0, a2, (a1)
  CHECK_ADDR 2, s10, word + 2
  TEST_TRAP  3, CAUSE_MISALIGNED_STORE, amoswap.w a0, a2, (a1)
  CHECK_ADDR 4, s10, word + 2
  TEST_TRAP  5, CAUSE_MISALIGNED_STORE, sc.w a0, a2, (a1)
  CHECK_ADDR 6, s10, word + 2
  la a1, word + 1
  TEST_TRAP  7, CAUSE_MISALIGNED_LOAD, lr.w a0, (a1)
  CHECK_ADDR 8, s10, word + 1
  la a1, word
  lw a0, 0(a1)
  CHECK 9, a0, 0x01020304
  lw a0, 4(a1)
  CHECK 10, a0, 0x05060708

  li a1, UNMAPPED_ADDR
  TEST_TRAP 11, CAUSE_STORE_ACCESS, amoadd.w a0, a2, (a1)
  CHECK 12, s10, UNMAPPED_ADDR
  TEST_TRAP 13, CAUSE_STORE_ACCESS, amoswap.w a0, a2, (a1)
  CHECK 14, s10, UNMAPPED_ADDR
  TEST_TRAP 15, CAUSE_LOAD_ACCESS, lr.w a0, (a1)
  CHECK 16, s10, UNMAPPED_ADDR

TEST_END

  .data
  .balign 4
word: .word 0x01020304, 0x05060708

/*
 * The time and timeh CSRs read the CLINT's mtime, and mcounteren.TM opens them to U-mode. QEMU's spike machine, like
 * spike itself, has no time CSR (firmware emulates it there), so this program runs only in rvnommu.
 */
#include "test.h"

/* Check n: \insn, run in U-mode, traps with illegal instruction. */
.macro TEST_USER_ILLEGAL n, insn:vararg
  li TESTNUM, \n
  EXPECT_TRAP .Lresume\@
  ENTER_USER .Linsn\@
.Linsn\@:
  \insn
.Lresume\@:
  li t6, CAUSE_ILLEGAL
  FAIL_UNLESS_EQ s8, t6
.endm

TEST_BEGIN

  /* time follows mtime: a read between two mtime loads lies between them. */
  li t0, CLINT_MTIME
  lw a1, 0(t0)
  rdtime a0
  lw a2, 0(t0)
  sub a3, a0, a1
  sub a4, a2, a0
  or a3, a3, a4
  li TESTNUM, 1
  bltz a3, fail
  rdtimeh a0
  lw a1, 4(t0)
  CHECK 2, a0, 0
  CHECK 3, a1, 0

  /* Writing mtime moves time. */
  li a1, 0x12345
  sw zero, 0(t0)
  sw a1, 4(t0)
  rdtimeh a0
  CHECK 4, a0, 0x12345
  sw zero, 4(t0)

  PMP_ALLOW_ALL
  csrw mcounteren, zero
  TEST_USER_ILLEGAL 5, rdtime a0
  TEST_USER_ILLEGAL 6, rdtimeh a0
  csrwi mcounteren, 2
  li TESTNUM, 7
  EXPECT_TRAP 1f
  ENTER_USER 2f
2:rdtime a0
  rdtimeh a0
  ecall
1:CHECK 8, s8, CAUSE_ECALL_U
  csrwi mcounteren, 5
  TEST_USER_ILLEGAL 9, rdtime a0
  csrw mcounteren, zero

TEST_END

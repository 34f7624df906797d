/*
 * CSR rules where QEMU 7.2, the differential oracle, is laxer than the spec (so these run only in rvnommu):
 * - Zicsr: csrrs/csrrc with rs1 != x0 always write, even when the register holds zero, so on a read-only CSR they
 *   are illegal; QEMU 7.2 only traps when the bits written are non-zero.
 * - Privileged spec 3.1.8: with M and U modes but no U-mode traps, medeleg and mideleg should not exist; QEMU 7.2
 *   always has them. Start-up code probes them (see riscv-tests), so they must trap here, like any unknown CSR.
 * - Privileged spec 3.1.14: mepc[0] is always zero, and mepc[1] too when only IALIGN=32 is supported (no C);
 *   QEMU 7.2 keeps whatever is written.
 * - Privileged spec 3.1.9: without S-mode the supervisor interrupt enables in mie are read-only zero, so only MSIE,
 *   MTIE and MEIE can be set; QEMU 7.2 lets every standard enable bit be set.
 */
#include "test.h"

TEST_BEGIN

  li a1, 0
  TEST_TRAP 1, CAUSE_ILLEGAL, csrrs a0, mhartid, a1
  CHECK_TVAL_IS_INSN 2
  TEST_TRAP 3, CAUSE_ILLEGAL, csrrc a0, cycle, a1
  CHECK_TVAL_IS_INSN 4
  TEST_TRAP 5, CAUSE_ILLEGAL, csrr a0, medeleg
  CHECK_TVAL_IS_INSN 6
  TEST_TRAP 7, CAUSE_ILLEGAL, csrw medeleg, zero
  CHECK_TVAL_IS_INSN 8
  TEST_TRAP 9, CAUSE_ILLEGAL, csrr a0, mideleg
  CHECK_TVAL_IS_INSN 10

  li a1, 0x80000003
  csrw mepc, a1
  csrr a0, mepc
  CHECK 11, a0, 0x80000000

  li a1, -1
  csrw mie, a1
  csrr a0, mie
  csrw mie, zero
  CHECK 12, a0, 0x888

TEST_END

/*
 * The harness's own test: check 7 fails on purpose, so the run must end with tohost = (7 << 1) | 1 and exit status 7
 * (in rvnommu and in QEMU alike). Every other check passes.
 */
#include "test.h"

TEST_BEGIN

  li a0, 6
  CHECK 6, a0, 6
  CHECK 7, a0, 7
  CHECK 8, a0, 6

TEST_END

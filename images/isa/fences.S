/*
 * Fences. Zifencei: code written by stores runs after fence.i, both over code that already ran and in a data buffer.
 * FENCE in all its forms orders memory only, so on one hart it changes no register or memory.
 */
#include "test.h"

/* Overwrites the first instruction of `patchable` with the one at \template, then fence.i. */
.macro PATCH template
  la a1, \template
  lw a2, 0(a1)
  la a1, patchable
  sw a2, 0(a1)
  fence.i
.endm

TEST_BEGIN

  call patchable
  CHECK 1, a0, 1
  PATCH load_two
  call patchable
  CHECK 2, a0, 2
  PATCH load_three
  call patchable
  CHECK 3, a0, 3

  /* Code copied into a data buffer and run there, as a loader does. */
  li TESTNUM, 4
  la a1, load_99
  la a3, buffer
  lw a2, 0(a1)
  sw a2, 0(a3)
  lw a2, 4(a1)
  sw a2, 4(a3)
  fence.i
  li a0, 0
  jalr ra, 0(a3)
  CHECK 5, a0, 99

  /* The same buffer, rewritten after it ran. */
  li TESTNUM, 6
  la a1, load_two
  lw a2, 0(a1)
  sw a2, 0(a3)
  fence.i
  jalr ra, 0(a3)
  CHECK 7, a0, 2

  /* A loop whose body patches the instruction it runs next: each pass sees the previous pass's store. */
  li TESTNUM, 8
  li a0, 0
  li a4, 3
  la a1, add_one
  lw a2, 0(a1)
  la a1, load_two
  lw a5, 0(a1)
  la a1, loop_site
  sw a5, 0(a1)                     /* start from `li a0, 2`; later passes run `addi a0, a0, 1` */
  fence.i
1:
loop_site:
  nop
  sw a2, 0(a1)
  fence.i
  addi a4, a4, -1
  bnez a4, 1b
  CHECK 9, a0, 4

  li TESTNUM, 10
  li a0, 77
  la a1, buffer
  sw a0, 0(a1)
  fence
  fence rw, rw
  fence w, r
  fence i, o
  fence.tso
  lw a2, 0(a1)
  CHECK 11, a2, 77
  CHECK 12, a0, 77

TEST_END

patchable:
  li a0, 1
  ret

/* Instruction templates: copied, never run in place. */
load_two:   li a0, 2
load_three: li a0, 3
add_one:    addi a0, a0, 1
load_99:    li a0, 99
            ret

  .data
  .balign 4
buffer: .word 0, 0

/* __clone(start, stack, flags, arg, parent_tid, tls, child_tid): the child runs start(arg) on `stack`, then
 * exits (the thread alone) with its result. This must be assembly: the child begins on a new stack with no frame,
 * and must find start and arg without the parent's stack, so they travel at the top of its own.
 * The clone system call takes (flags, stack, parent_tid, tls, child_tid) on RISC-V. */
#include "../internal/syscall.h"

  .section .text.__clone, "ax", @progbits
  .globl __clone
  .hidden __clone
  .type __clone, @function
__clone:
  andi a1, a1, -16
  addi a1, a1, -16
  sw a0, 0(a1)
  sw a3, 4(a1)
  mv a0, a2
  mv a2, a4
  mv a3, a5
  mv a4, a6
  li a7, SYS_clone
  ecall
  beqz a0, 1f
  ret
1:
  lw t0, 0(sp)
  lw a0, 4(sp)
  jalr t0
  li a7, SYS_exit
  ecall
  .size __clone, . - __clone

/* __unmap_self_and_exit(mapping, size): a detached thread frees the mapping that holds its own stack, then ends.
 * After munmap nothing may touch the stack, so this is registers only (the caller has blocked every signal). */
  .section .text.__unmap_self_and_exit, "ax", @progbits
  .globl __unmap_self_and_exit
  .hidden __unmap_self_and_exit
  .type __unmap_self_and_exit, @function
__unmap_self_and_exit:
  li a7, SYS_munmap
  ecall
1:
  li a0, 0
  li a7, SYS_exit
  ecall
  j 1b
  .size __unmap_self_and_exit, . - __unmap_self_and_exit

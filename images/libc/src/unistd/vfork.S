/* vfork cannot be C: the child runs on the parent's stack until it calls execve or _exit, so nothing may be kept
 * in this function's frame (the child's later calls would overwrite it before the parent returns through it).
 * rv32 has no vfork system call: clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0 = the same stack), as musl does. */
#include "../internal/syscall.h"

#define CLONE_VM 0x100
#define CLONE_VFORK 0x4000
#define SIGCHLD 17

  .section .text.vfork, "ax", @progbits
  .globl vfork
  .type vfork, @function
vfork:
  li a7, SYS_clone
  li a0, CLONE_VM | CLONE_VFORK | SIGCHLD
  li a1, 0
  ecall
  tail __syscall_ret
  .size vfork, . - vfork

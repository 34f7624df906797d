/* Process entry. The kernel leaves sp at argc, with argv, envp and the auxiliary vector above it, and sets up
 * nothing else: not even the program's own pointers, which hold link-time addresses until __relocate_self has
 * added the load address to them. Only then may C code use global data. */
  .section .text._start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  mv s0, sp
  mv a0, sp
  call __relocate_self
  mv a0, s0
  call __libc_start
  .size _start, . - _start

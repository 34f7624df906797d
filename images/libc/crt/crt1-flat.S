/* Process entry of bFLT programs (rvnommu elf2flt output). binfmt_flat has already relocated the program from
 * the bFLT relocation table, so unlike crt1.S this start code must not relocate it again. And a bFLT stack holds
 * argc, argv and envp with no auxiliary vector after them, which __libc_start reads: so argc, argv and envp are
 * copied below the kernel's stack and an empty auxiliary vector (one AT_NULL pair) ends the copy. Nothing here
 * touches global data, which is already usable. */
  .section .text._start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  lw t0, 0(sp)
  slli t0, t0, 2
  add t1, sp, t0
  addi t1, t1, 8          /* envp[0]: past argc, argv[0..argc-1] and argv's NULL */
1:
  lw t2, 0(t1)
  addi t1, t1, 4
  bnez t2, 1b             /* t1: just past envp's NULL */
  sub t3, t1, sp
  sub t4, sp, t3
  addi t4, t4, -8
  andi t4, t4, -16        /* the new sp: room for the copy and the AT_NULL pair, 16-byte aligned */
  mv t5, sp
  mv t6, t4
2:
  lw t2, 0(t5)
  sw t2, 0(t6)
  addi t5, t5, 4
  addi t6, t6, 4
  bne t5, t1, 2b
  sw zero, 0(t6)
  sw zero, 4(t6)
  mv sp, t4
  mv a0, sp
  call __libc_start
  .size _start, . - _start

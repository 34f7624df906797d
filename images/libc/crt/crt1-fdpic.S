/* Process entry of an FDPIC program (binfmt/README.md; made by rvnommu fdpic-link). The kernel mapped the text and
 * the data each on its own and left: a1 = the load map (struct elf32_fdpic_loadmap), a3 = the run-time address of
 * the dynamic section, gp = the run-time address of the GOT (DT_PLTGOT), sp at argc. No word holding an address is
 * usable yet, not even the GOT's: __fdpic_relocate_self moves them all through the load map first. */
  .section .text._start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  mv s0, sp
  mv a0, a1
  mv a1, a3
  mv a2, gp
  call __fdpic_relocate_self
  mv a0, s0
  call __libc_start
  .size _start, . - _start

/* The GOT: its slot count, then the link-time address of each place in the data that the text reaches (filled by
 * fdpic-link, which turns each such auipc into a load from a slot). gp-relative loads reach 2047 bytes, so 511
 * slots at most; 1 KiB (255 slots) leaves room for the test programs and costs each process little. Kept whole
 * by the linker ("R": nothing refers to it before fdpic-link). */
  .section .data.__fdpic_got, "awR", @progbits
  .balign 4
  .globl __fdpic_got
  .hidden __fdpic_got
  .type __fdpic_got, @object
__fdpic_got:
  .space 1024
  .size __fdpic_got, . - __fdpic_got

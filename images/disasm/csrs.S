# csrrs a0, N, a1 for every CSR number N from 0 to 4095: the listing by llvm-objdump-14
# (images/bin/disasm/csrs.objdump) gives the name it prints for each, or the number for those it does not know.
# Never run. a1 as the source keeps the aliases (csrr, rdcycle...) out of the way: coverage.S has those.

  .text
  .globl _start
_start:
  .set csr, 0
  .rept 4096
  csrrs a0, (csr), a1
  .set csr, csr + 1
  .endr

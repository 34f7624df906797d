  .text
  .globl _start
_start:
  call linux_main
1: j 1b

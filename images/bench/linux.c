/* Linux harness for qemu-riscv32: the same workload, reported with write(2) and exit_group(2). */
#include <stdint.h>
#include "workload.h"

static long syscall3(long number, long a0, long a1, long a2) {
  register long a7 __asm__("a7") = number;
  register long r0 __asm__("a0") = a0;
  register long r1 __asm__("a1") = a1;
  register long r2 __asm__("a2") = a2;
  __asm__ volatile("ecall" : "+r"(r0) : "r"(a7), "r"(r1), "r"(r2) : "memory");
  return r0;
}

void linux_main(void) {
  static char line[64];
  int length = format_checksum(line, workload(WORKLOAD_ROUNDS));
  syscall3(64, 1, (long)line, length);
  syscall3(94, 0, 0, 0);
}

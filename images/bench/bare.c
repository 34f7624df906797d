/* Bare-metal harness: runs the workload and reports through HTIF (proxy write syscall, then exit). */
#include <stdint.h>
#include "workload.h"

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

static void htif(uint64_t command) {
  /* QEMU and rvnommu take the command when the high word is written, so write the low word first. */
  volatile uint32_t *words = (volatile uint32_t *)&tohost;
  words[0] = (uint32_t)command;
  words[1] = (uint32_t)(command >> 32);
  while (fromhost == 0 && tohost != 0) {}
  fromhost = 0;
}

void bare_main(void) {
  static char line[64];
  static volatile uint64_t syscall_block[8] __attribute__((aligned(64)));
  int length = format_checksum(line, workload(WORKLOAD_ROUNDS));
  syscall_block[0] = 64; /* write */
  syscall_block[1] = 1;
  syscall_block[2] = (uintptr_t)line;
  syscall_block[3] = (uint64_t)length;
  htif((uintptr_t)syscall_block);
  htif(1); /* exit(0) */
  for (;;) {}
}

/* Syscall-heavy: each round asks for the parent's pid (the same every time), reads the monotonic clock, and sends a byte through a pipe
 * and back; the cost is the trap into the kernel and back far more than the work. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "repetitions.h"

enum { ROUNDS = 100000 };

int main(int argc, char **argv) {
  const uint32_t rounds = ROUNDS * repetitions(argc, argv);
  int ends[2];
  if (pipe(ends) != 0) {
    puts("syscalls: no pipe");
    return 1;
  }
  const pid_t parent = getppid();
  uint32_t sum = 0;
  for (uint32_t round = 0; round < rounds; round++) {
    sum += getppid() == parent;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned char byte = (unsigned char)round;
    write(ends[1], &byte, 1);
    byte = 0;
    read(ends[0], &byte, 1);
    sum = sum * 31 + byte;
  }
  printf("syscalls checksum %08x\n", (unsigned)sum);
  return 0;
}

/* The CPU-bound workload of the bare-metal benchmark, as a Linux program on our libc: integer arithmetic,
 * branches and table lookups with few memory misses and no syscalls. */
#include <stdio.h>
#include "../workload.h"
#include "repetitions.h"

int main(int argc, char **argv) {
  char line[64];
  format_checksum(line, workload(WORKLOAD_ROUNDS * repetitions(argc, argv)));
  fputs(line, stdout);
  return 0;
}

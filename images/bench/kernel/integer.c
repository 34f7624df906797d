/* The CPU-bound workload of the bare-metal benchmark, as a Linux program on our libc: integer arithmetic,
 * branches and table lookups with few memory misses and no syscalls. */
#include <stdio.h>
#include "../workload.h"

int main(void) {
  char line[64];
  format_checksum(line, workload(WORKLOAD_ROUNDS));
  fputs(line, stdout);
  return 0;
}

/* The kernel benchmarks take one optional argument, how many times to repeat their work (default 1): `npm run bench`
 * passes the same count to rvnommu and qemu-riscv32, large enough that the work outlasts starting the process on
 * both sides. The checksum covers every repetition. */
#include <stdio.h>
#include <stdlib.h>

static unsigned repetitions(int argc, char **argv) {
  if (argc < 2) return 1;
  char *end;
  unsigned long count = strtoul(argv[1], &end, 10);
  if (argc > 2 || *end != '\0' || count == 0 || count > 10000) {
    fprintf(stderr, "usage: %s [repetitions (1 to 10000)]\n", argv[0]);
    exit(2);
  }
  return (unsigned)count;
}

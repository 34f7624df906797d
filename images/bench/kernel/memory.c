/* Memory-bound: a pointer chase through a random cycle over 8 MiB (every step a load the host cannot predict),
 * then block copies between two 4 MiB halves. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "repetitions.h"

enum { WORDS = 2 * 1024 * 1024, STEPS = 16 * 1024 * 1024, COPIES = 24 };

int main(int argc, char **argv) {
  const unsigned reps = repetitions(argc, argv);
  uint32_t *next = malloc(WORDS * sizeof *next);
  if (!next) {
    puts("memory: out of memory");
    return 1;
  }
  // Sattolo's shuffle makes one cycle through every word.
  for (uint32_t i = 0; i < WORDS; i++) next[i] = i;
  uint32_t seed = 12345;
  for (uint32_t i = WORDS - 1; i > 0; i--) {
    seed = seed * 1103515245 + 12345;
    uint32_t j = (seed >> 8) % i;
    uint32_t t = next[i];
    next[i] = next[j];
    next[j] = t;
  }
  uint32_t at = 0, sum = 0;
  uint32_t *low = next, *high = next + WORDS / 2;
  for (unsigned rep = 0; rep < reps; rep++) {
    for (uint32_t step = 0; step < STEPS; step++) {
      at = next[at];
      sum += at;
    }
    for (int copy = 0; copy < COPIES; copy++) {
      memcpy(copy & 1 ? low : high, copy & 1 ? high : low, WORDS / 2 * sizeof *next);
      sum += low[(uint32_t)copy * 7919 % (WORDS / 2)];
    }
  }
  printf("memory checksum %08x\n", (unsigned)sum);
  free(next);
  return 0;
}

#include <stdint.h>

/* Rounds of work per run: about 300 million instructions. */
#define WORKLOAD_ROUNDS 800

uint32_t workload(int rounds);
int format_checksum(char *out, uint32_t checksum);

/*
 * A CPU-bound workload for `npm run bench`: integer arithmetic, multiplication and division, branches, byte and
 * word memory traffic. The same source is built for the bare-metal machine and as a Linux program for
 * qemu-riscv32, and both print the same checksum, so the two runs provably do the same work.
 */
#include <stdint.h>
#include "workload.h"

#define SIEVE_SIZE 8192
#define MATRIX 24
#define BUFFER 4096

static uint8_t sieve_flags[SIEVE_SIZE];
static int32_t matrix_a[MATRIX][MATRIX], matrix_b[MATRIX][MATRIX], matrix_c[MATRIX][MATRIX];
static uint8_t buffer[BUFFER];
static uint32_t crc_table[256];

static uint32_t sieve(void) {
  uint32_t count = 0;
  for (int i = 2; i < SIEVE_SIZE; i++) sieve_flags[i] = 1;
  for (int i = 2; i < SIEVE_SIZE; i++) {
    if (!sieve_flags[i]) continue;
    count++;
    for (int j = i + i; j < SIEVE_SIZE; j += i) sieve_flags[j] = 0;
  }
  return count;
}

static uint32_t matrix_multiply(uint32_t seed) {
  for (int i = 0; i < MATRIX; i++)
    for (int j = 0; j < MATRIX; j++) {
      matrix_a[i][j] = (int32_t)(seed = seed * 1103515245u + 12345u) >> 16;
      matrix_b[i][j] = (int32_t)(seed = seed * 1103515245u + 12345u) >> 16;
    }
  uint32_t sum = 0;
  for (int i = 0; i < MATRIX; i++)
    for (int j = 0; j < MATRIX; j++) {
      int32_t acc = 0;
      for (int k = 0; k < MATRIX; k++) acc += matrix_a[i][k] * matrix_b[k][j];
      matrix_c[i][j] = acc;
      sum += (uint32_t)acc;
    }
  return sum;
}

static void crc_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
}

static uint32_t crc32(const uint8_t *data, int length) {
  uint32_t crc = 0xffffffffu;
  for (int i = 0; i < length; i++) crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static uint32_t divisions(uint32_t seed) {
  uint32_t sum = 0;
  for (int i = 1; i < 2000; i++) {
    seed = seed * 1664525u + 1013904223u;
    sum += seed / (uint32_t)i + (uint32_t)((int32_t)seed % (i * 7 - 3000 + (i == 428 ? 1 : 0)));
  }
  return sum;
}

uint32_t workload(int rounds) {
  uint32_t checksum = 0;
  crc_init();
  for (int round = 0; round < rounds; round++) {
    checksum += sieve();
    checksum ^= matrix_multiply(checksum + (uint32_t)round);
    for (int i = 0; i < BUFFER; i++) buffer[i] = (uint8_t)(checksum + (uint32_t)i * 31u);
    checksum += crc32(buffer, BUFFER);
    checksum = (checksum << 5 | checksum >> 27) + divisions(checksum);
  }
  return checksum;
}

/* Formats "checksum 0x%08x\n" without a C library. */
int format_checksum(char *out, uint32_t checksum) {
  const char *prefix = "workload checksum 0x";
  int n = 0;
  while (prefix[n]) { out[n] = prefix[n]; n++; }
  for (int shift = 28; shift >= 0; shift -= 4) out[n++] = "0123456789abcdef"[(checksum >> shift) & 0xf];
  out[n++] = '\n';
  return n;
}

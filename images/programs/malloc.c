/* malloc stress: thousands of blocks of many sizes (small ones from arenas, large ones mapped on their own),
 * each filled with a pattern derived from its identity and checked before it is freed or resized, so any
 * overlap or lost byte shows. The sequence comes from a fixed generator: the output is the same every run. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"

enum { SLOTS = 256, ROUNDS = 6000 };

struct slot {
  unsigned char *memory;
  size_t size;
  unsigned seed;
};

static struct slot slots[SLOTS];
static uint32_t random_state = 0x12345678;

static uint32_t next_random(void) {
  random_state ^= random_state << 13;
  random_state ^= random_state >> 17;
  random_state ^= random_state << 5;
  return random_state;
}

/* Mostly small sizes, some medium, a few large enough for a mapping of their own. */
static size_t random_size(void) {
  uint32_t r = next_random();
  switch (r % 16) {
  case 0: return r >> 4 & 0x1ffff;
  case 1:
  case 2: return r >> 4 & 0xfff;
  default: return r >> 4 & 0xff;
  }
}

static unsigned char pattern(unsigned seed, size_t i) {
  return (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

static void fill(struct slot *slot, size_t from) {
  for (size_t i = from; i < slot->size; i++) slot->memory[i] = pattern(slot->seed, i);
}

/* Whether the first `length` bytes still hold the slot's pattern; adds them to the checksum. */
static int intact(const struct slot *slot, size_t length, uint32_t *checksum) {
  for (size_t i = 0; i < length; i++) {
    if (slot->memory[i] != pattern(slot->seed, i)) return 0;
    *checksum = *checksum * 33 + slot->memory[i];
  }
  return 1;
}

int main(void) {
  uint32_t checksum = 5381;
  unsigned long long allocated = 0;
  int corrupted = 0, misaligned = 0, failed = 0;
  for (unsigned round = 0; round < ROUNDS; round++) {
    struct slot *slot = &slots[next_random() % SLOTS];
    unsigned action = next_random() % 4;
    if (slot->memory && action == 0) {
      corrupted += !intact(slot, slot->size, &checksum);
      free(slot->memory);
      slot->memory = NULL;
    } else if (slot->memory && action == 1) {
      // realloc keeps the common prefix; the rest is filled anew.
      size_t size = random_size();
      unsigned char *moved = realloc(slot->memory, size ? size : 1);
      if (!moved) {
        failed++;
        continue;
      }
      slot->memory = moved;
      size_t kept = size < slot->size ? size : slot->size;
      corrupted += !intact(slot, kept, &checksum);
      slot->size = size;
      fill(slot, kept);
    } else if (!slot->memory) {
      slot->size = random_size();
      slot->seed = round;
      slot->memory = action == 2 ? calloc(1, slot->size) : malloc(slot->size);
      if (!slot->memory) {
        failed++;
        continue;
      }
      if (action == 2) {
        for (size_t i = 0; i < slot->size; i++) corrupted += slot->memory[i] != 0;
      }
      misaligned += (uintptr_t)slot->memory % 16 != 0;
      allocated += slot->size;
      fill(slot, 0);
    }
  }
  for (int i = 0; i < SLOTS; i++) {
    if (!slots[i].memory) continue;
    corrupted += !intact(&slots[i], slots[i].size, &checksum);
    free(slots[i].memory);
  }
  printf("allocated %llu bytes in %d rounds, checksum %08x\n", allocated, ROUNDS, (unsigned)checksum);
  CHECK_INT(corrupted, 0);
  CHECK_INT(misaligned, 0);
  CHECK_INT(failed, 0);

  // Edge cases: free(NULL), realloc(NULL), malloc(0) a unique pointer, calloc overflow.
  free(NULL);
  char *p = realloc(NULL, 10);
  CHECK(p != NULL);
  free(p);
  void *a = malloc(0), *b = malloc(0);
  CHECK(a && b && a != b);
  free(a);
  free(b);
  CHECK(calloc(SIZE_MAX / 2, 4) == NULL);
  CHECK(malloc(SIZE_MAX) == NULL);
  return finish("malloc");
}

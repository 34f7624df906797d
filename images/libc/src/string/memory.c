/* Simple loops, by word where the alignment allows it (an emulated machine pays per instruction). clang does
 * not turn these loops back into calls to themselves: -ffreestanding keeps it from assuming a C library. */
#include <stdint.h>
#include <string.h>

typedef uint32_t __attribute__((may_alias)) word;

/* Copies forwards: memmove relies on that when the destination is below the source. */
void *memcpy(void *restrict destination, const void *restrict source, size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; count >= 4; count -= 4, d += 4, s += 4) *(word *)d = *(const word *)s;
  }
  while (count--) *d++ = *s++;
  return destination;
}

void *memmove(void *destination, const void *source, size_t count) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if ((uintptr_t)d - (uintptr_t)s >= count) return memcpy(destination, source, count);
  while (count--) d[count] = s[count];
  return destination;
}

void *memset(void *destination, int byte, size_t count) {
  unsigned char *d = destination;
  if (((uintptr_t)d & 3) == 0) {
    word pattern = 0x01010101u * (unsigned char)byte;
    for (; count >= 4; count -= 4, d += 4) *(word *)d = pattern;
  }
  while (count--) *d++ = (unsigned char)byte;
  return destination;
}

int memcmp(const void *left, const void *right, size_t count) {
  const unsigned char *l = left, *r = right;
  for (; count; count--, l++, r++) {
    if (*l != *r) return *l - *r;
  }
  return 0;
}

void *memchr(const void *memory, int byte, size_t count) {
  const unsigned char *m = memory;
  for (; count; count--, m++) {
    if (*m == (unsigned char)byte) return (void *)m;
  }
  return NULL;
}

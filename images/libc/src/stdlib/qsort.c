/* Heapsort: O(n log n) in the worst case and no recursion, which suits the small fixed stacks of no-MMU
 * programs. Not stable (C does not ask qsort to be). */
#include <stdlib.h>

static void swap(unsigned char *a, unsigned char *b, size_t size) {
  for (; size; size--, a++, b++) {
    unsigned char t = *a;
    *a = *b;
    *b = t;
  }
}

/* Moves element `root` down until the heap of `count` elements below it is ordered again. */
static void sift_down(unsigned char *base, size_t root, size_t count, size_t size,
                      int (*compare)(const void *, const void *)) {
  for (size_t child; (child = 2 * root + 1) < count; root = child) {
    if (child + 1 < count && compare(base + child * size, base + (child + 1) * size) < 0) child++;
    if (compare(base + root * size, base + child * size) >= 0) return;
    swap(base + root * size, base + child * size, size);
  }
}

void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
  unsigned char *bytes = base;
  for (size_t i = count / 2; i > 0; i--) sift_down(bytes, i - 1, count, size, compare);
  for (size_t end = count; end > 1; end--) {
    swap(bytes, bytes + (end - 1) * size, size);
    sift_down(bytes, 0, end - 1, size, compare);
  }
}

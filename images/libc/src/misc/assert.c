#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

_Noreturn void __assert_fail(const char *condition, const char *file, int line, const char *function) {
  fprintf(stderr, "Assertion failed: %s (%s: %s: %d)\n", condition, file, function, line);
  abort();
}

/* Self-checking for the test programs: a failed check prints one line naming it; finish() prints the summary
 * line ("NAME: ok" or "NAME: N failed") last and gives the exit status. Output must not depend on the machine
 * (no addresses, pids, times or host paths), so that runs under qemu-riscv32 and rvnommu compare equal. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(condition) check_that((condition), #condition, __LINE__)
#define CHECK_INT(actual, expected) check_int((long long)(actual), (long long)(expected), #actual, __LINE__)
#define CHECK_STR(actual, expected) check_str((actual), (expected), #actual, __LINE__)

static inline void check_that(int ok, const char *what, int line) {
  if (ok) return;
  check_failures++;
  printf("FAILED line %d: %s\n", line, what);
}

static inline void check_int(long long actual, long long expected, const char *what, int line) {
  if (actual == expected) return;
  check_failures++;
  printf("FAILED line %d: %s is %lld, expected %lld\n", line, what, actual, expected);
}

static inline void check_str(const char *actual, const char *expected, const char *what, int line) {
  if (actual && !strcmp(actual, expected)) return;
  check_failures++;
  printf("FAILED line %d: %s is \"%s\", expected \"%s\"\n", line, what, actual, expected);
}

static inline int finish(const char *name) {
  if (check_failures) {
    printf("%s: %d failed\n", name, check_failures);
    return 1;
  }
  printf("%s: ok\n", name);
  return 0;
}

#endif

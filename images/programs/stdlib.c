/* stdlib.h: number parsing, abs, qsort and bsearch (environment, malloc and exit have programs of their own). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include "check.h"

static void parse_numbers(void) {
  char *end;
  CHECK_INT(strtol("  -123xyz", &end, 10), -123);
  CHECK_STR(end, "xyz");
  CHECK_INT(strtol("0x1F", &end, 0), 31);
  CHECK_INT(strtol("0x1F", &end, 16), 31);
  CHECK_INT(strtol("017", &end, 0), 15);
  CHECK_INT(strtol("z", &end, 36), 35);
  CHECK_INT(strtol("+42", &end, 10), 42);
  CHECK_INT(strtol("0x", &end, 16), 0);
  CHECK_STR(end, "x");
  CHECK_INT(strtol("junk", &end, 10), 0);
  CHECK_STR(end, "junk");

  errno = 0;
  CHECK_INT(strtol("2147483647", NULL, 10), LONG_MAX);
  CHECK_INT(strtol("-2147483648", NULL, 10), LONG_MIN);
  CHECK_INT(errno, 0);
  CHECK_INT(strtol("2147483648", NULL, 10), LONG_MAX);
  CHECK_INT(errno, ERANGE);
  errno = 0;
  CHECK_INT(strtol("-2147483649", NULL, 10), LONG_MIN);
  CHECK_INT(errno, ERANGE);
  errno = 0;
  CHECK_INT(strtoul("4294967295", NULL, 10), ULONG_MAX);
  CHECK_INT(strtoul("-1", NULL, 10), ULONG_MAX);
  CHECK_INT(strtoul("-4294967295", NULL, 10), 1);
  CHECK_INT(errno, 0);
  CHECK_INT(strtoul("4294967296", NULL, 10), ULONG_MAX);
  CHECK_INT(errno, ERANGE);
  errno = 0;
  CHECK(strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN);
  CHECK(strtoll("9223372036854775807", NULL, 10) == LLONG_MAX);
  CHECK_INT(errno, 0);
  CHECK(strtoll("9223372036854775808", NULL, 10) == LLONG_MAX);
  CHECK_INT(errno, ERANGE);
  errno = 0;
  CHECK(strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX);
  CHECK(strtoull("0xfedcba9876543210", NULL, 16) == 0xfedcba9876543210ULL);
  CHECK_INT(errno, 0);
  CHECK(strtoull("18446744073709551616", NULL, 10) == ULLONG_MAX);
  CHECK_INT(errno, ERANGE);
  errno = 0;
  CHECK_INT(strtol("10", NULL, 1), 0);
  CHECK_INT(errno, EINVAL);

  CHECK_INT(atoi("  56 apples"), 56);
  CHECK_INT(atol("-7"), -7);
  CHECK(atoll("123456789012") == 123456789012LL);
  CHECK_INT(abs(-5), 5);
  CHECK_INT(labs(5L), 5);
  CHECK(llabs(-5000000000LL) == 5000000000LL);
}

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_and_search(void) {
  enum { COUNT = 500 };
  static int numbers[COUNT];
  unsigned state = 12345, sum = 0;
  for (int i = 0; i < COUNT; i++) {
    state = state * 1103515245u + 12345u;
    numbers[i] = (int)(state >> 8) % 1000 - 500;
    sum += (unsigned)numbers[i];
  }
  qsort(numbers, COUNT, sizeof numbers[0], compare_ints);
  unsigned sorted_sum = 0;
  int ordered = 1;
  for (int i = 0; i < COUNT; i++) {
    sorted_sum += (unsigned)numbers[i];
    if (i && numbers[i - 1] > numbers[i]) ordered = 0;
  }
  CHECK(ordered);
  CHECK_INT(sorted_sum, sum);
  printf("sorted %d numbers from %d to %d\n", COUNT, numbers[0], numbers[COUNT - 1]);
  int key = numbers[COUNT / 3];
  int *found = bsearch(&key, numbers, COUNT, sizeof numbers[0], compare_ints);
  CHECK(found && *found == key);
  key = 1000;
  CHECK(bsearch(&key, numbers, COUNT, sizeof numbers[0], compare_ints) == NULL);
  CHECK(bsearch(&key, numbers, 0, sizeof numbers[0], compare_ints) == NULL);

  const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date"};
  qsort(words, 6, sizeof words[0], compare_strings);
  for (int i = 0; i < 6; i++) printf("%s%s", words[i], i < 5 ? " " : "\n");
  CHECK_STR(words[0], "apple");
  CHECK_STR(words[5], "pear");
  qsort(words, 0, sizeof words[0], compare_strings);
  qsort(words, 1, sizeof words[0], compare_strings);
}

int main(void) {
  parse_numbers();
  sort_and_search();
  return finish("stdlib");
}

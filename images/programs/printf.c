/* Every printf conversion, flag, width and precision form this libc has, checked against the text C specifies
 * (the results match glibc's). Each result is printed as well, so stdout shows the formatting itself. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "check.h"

#define FORMATS(expected, ...)                                                                               \
  do {                                                                                                       \
    char buffer[128];                                                                                        \
    int length = snprintf(buffer, sizeof buffer, __VA_ARGS__);                                              \
    printf("%s\n", buffer);                                                                                 \
    CHECK_STR(buffer, expected);                                                                             \
    CHECK_INT(length, (int)strlen(expected));                                                                \
  } while (0)

static int through_vsnprintf(char *buffer, size_t size, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int length = vsnprintf(buffer, size, format, args);
  va_end(args);
  return length;
}

int main(void) {
  FORMATS("plain text", "plain text");
  FORMATS("100%", "100%%");
  FORMATS("0 1 -1 2147483647 -2147483648", "%d %i %d %d %d", 0, 1, -1, INT_MAX, INT_MIN);
  FORMATS("4294967295 37777777777 ffffffff FFFFFFFF", "%u %o %x %X", UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX);
  FORMATS("[   42] [42   ] [00042] [-0042] [  -42]", "[%5d] [%-5d] [%05d] [%05d] [%5d]", 42, 42, 42, -42, -42);
  FORMATS("[+42] [ 42] [-42] [+0]", "[%+d] [% d] [% d] [%+d]", 42, 42, -42, 0);
  FORMATS("[  042] [042  ] [00042]", "[%5.3d] [%-5.3d] [%05.5d]", 42, 42, 42);
  FORMATS("[] [  ] [1] [0]", "[%.0d] [%2.0d] [%.0d] [%#.0o]", 0, 0, 1, 0);
  FORMATS("[0x2a] [0X2A] [052] [0] [0]", "[%#x] [%#X] [%#o] [%#x] [%#o]", 42, 42, 42, 0, 0);
  FORMATS("[0x0002a] [  0x02a] [0x002a]", "[%#07x] [%#7.3x] [%#.4x]", 42, 42, 42);
  FORMATS("[    *] [*    ] [-7]", "[%*c] [%-*c] [%*d]", 5, '*', 5, '*', 2, -7);
  FORMATS("[   ab] [ab   ] [abc]", "[%*.*s] [%-*.*s] [%.*s]", 5, 2, "abcdef", 5, 2, "abcdef", -1, "abc");
  FORMATS("[hello] [hel] [     hello] [hello     ] [(null)]", "[%s] [%.3s] [%10s] [%-10s] [%s]", "hello", "hello",
          "hello", "hello", (char *)NULL);
  FORMATS("[A] [  B] [C  ]", "[%c] [%3c] [%-3c]", 'A', 'B', 'C');
  // hh and h convert the promoted int back to char and short (through a helper that clang does not type-check).
  char narrow[32];
  int wide = 0x18080;
  CHECK_INT(through_vsnprintf(narrow, sizeof narrow, "%hhd %hhu %hd %hu", wide, wide, wide, wide), 21);
  CHECK_STR(narrow, "-128 128 -32640 32896");
  FORMATS("-9223372036854775808 9223372036854775807", "%lld %lld", LLONG_MIN, LLONG_MAX);
  FORMATS("18446744073709551615 1777777777777777777777", "%llu %llo", ULLONG_MAX, ULLONG_MAX);
  FORMATS("123456789abcdef0 123456789ABCDEF0", "%llx %llX", 0x123456789abcdef0ULL, 0x123456789abcdef0ULL);
  FORMATS("[-0000000000000000000001]", "[%023lld]", -1LL);
  FORMATS("-1 4294967295 4294967295 -1", "%ld %lu %zu %td", -1L, ULONG_MAX, SIZE_MAX, (ptrdiff_t)-1);
  FORMATS("18446744073709551615 -5", "%ju %jd", UINTMAX_MAX, (intmax_t)-5);
  FORMATS("0x1234 (nil) [     0xff0]", "%p %p [%10p]", (void *)0x1234, (void *)0, (void *)0xff0);
  FORMATS("a1b2c3", "%c%d%c%d%c%d", 'a', 1, 'b', 2, 'c', 3);

  // Truncation: snprintf keeps what fits and returns the length it wanted.
  char small[8];
  CHECK_INT(snprintf(small, sizeof small, "%s", "0123456789"), 10);
  CHECK_STR(small, "0123456");
  CHECK_INT(snprintf(NULL, 0, "%d", 123456), 6);
  CHECK_INT(snprintf(small, 1, "abc"), 3);
  CHECK_STR(small, "");
  CHECK_INT(through_vsnprintf(small, sizeof small, "%s-%d", "x", 7), 3);
  CHECK_STR(small, "x-7");
  char large[32];
  CHECK_INT(sprintf(large, "%s=%u", "answer", 42u), 9);
  CHECK_STR(large, "answer=42");

  // No floating point in this libc: the conversion is refused rather than misread.
  errno = 0;
  CHECK_INT(snprintf(large, sizeof large, "%f", 1.5), -1);
  CHECK_INT(errno, EINVAL);

  // Straight to the stream: the return value counts every character.
  CHECK_INT(printf("%s %d|%-4s|\n", "printf to stdout", 7, "ab"), 25);
  CHECK_INT(fprintf(stdout, "%05u\n", 12u), 6);
  return finish("printf");
}

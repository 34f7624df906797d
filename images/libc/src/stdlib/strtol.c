#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* The one parser behind strto(u)l(l): optional space and sign, a base prefix (0x for 16, 0 for 8 when base is
 * 0), digits. `limit` is the largest magnitude the result may have: the minimum's magnitude for a signed type
 * (a positive number may be one less), the maximum for an unsigned one (where a negative number is negated in
 * the type, as C specifies). Out of range gives the nearest limit and ERANGE. */
static unsigned long long parse(const char *string, char **end, int base, unsigned long long limit, int is_signed) {
  const char *s = string;
  if (base < 0 || base == 1 || base > 36) {
    errno = EINVAL;
    if (end) *end = (char *)string;
    return 0;
  }
  while (isspace((unsigned char)*s)) s++;
  int negative = *s == '-';
  if (*s == '-' || *s == '+') s++;
  if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 32) == 'x' && isxdigit((unsigned char)s[2])) {
    s += 2;
    base = 16;
  } else if (base == 0) {
    base = *s == '0' ? 8 : 10;
  }
  unsigned long long value = 0;
  int overflow = 0;
  const char *digits = s;
  for (;; s++) {
    int c = (unsigned char)*s;
    int digit = isdigit(c) ? c - '0' : isalpha(c) ? (c | 32) - 'a' + 10 : base;
    if (digit >= base) break;
    if (value > (ULLONG_MAX - (unsigned)digit) / (unsigned)base) overflow = 1;
    else value = value * (unsigned)base + (unsigned)digit;
  }
  if (end) *end = (char *)(s == digits ? string : s);
  unsigned long long maximum = negative || !is_signed ? limit : limit - 1;
  if (overflow || value > maximum) {
    errno = ERANGE;
    return negative && is_signed ? -maximum : maximum;
  }
  return negative ? -value : value;
}

long strtol(const char *string, char **end, int base) {
  return (long)parse(string, end, base, -(unsigned long long)LONG_MIN, 1);
}

unsigned long strtoul(const char *string, char **end, int base) {
  return (unsigned long)parse(string, end, base, ULONG_MAX, 0);
}

long long strtoll(const char *string, char **end, int base) {
  return (long long)parse(string, end, base, -(unsigned long long)LLONG_MIN, 1);
}

unsigned long long strtoull(const char *string, char **end, int base) {
  return parse(string, end, base, ULLONG_MAX, 0);
}

int atoi(const char *string) {
  return (int)strtol(string, NULL, 10);
}

long atol(const char *string) {
  return strtol(string, NULL, 10);
}

long long atoll(const char *string) {
  return strtoll(string, NULL, 10);
}

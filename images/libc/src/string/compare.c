#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Characters compare as unsigned char, as C requires. */
int strcmp(const char *left, const char *right) {
  return strncmp(left, right, (size_t)-1);
}

int strncmp(const char *left, const char *right, size_t limit) {
  const unsigned char *l = (const unsigned char *)left, *r = (const unsigned char *)right;
  for (; limit; limit--, l++, r++) {
    if (*l != *r || !*l) return *l - *r;
  }
  return 0;
}

int strcasecmp(const char *left, const char *right) {
  return strncasecmp(left, right, (size_t)-1);
}

int strncasecmp(const char *left, const char *right, size_t limit) {
  const unsigned char *l = (const unsigned char *)left, *r = (const unsigned char *)right;
  for (; limit; limit--, l++, r++) {
    int difference = tolower(*l) - tolower(*r);
    if (difference || !*l) return difference;
  }
  return 0;
}

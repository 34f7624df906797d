#include <string.h>

char *strchr(const char *string, int c) {
  for (;; string++) {
    if (*string == (char)c) return (char *)string;
    if (!*string) return NULL;
  }
}

char *strrchr(const char *string, int c) {
  const char *found = NULL;
  for (;; string++) {
    if (*string == (char)c) found = string;
    if (!*string) return (char *)found;
  }
}

char *strstr(const char *haystack, const char *needle) {
  size_t length = strlen(needle);
  for (; *haystack; haystack++) {
    if (!strncmp(haystack, needle, length)) return (char *)haystack;
  }
  return length ? NULL : (char *)haystack;
}

size_t strspn(const char *string, const char *accept) {
  size_t length = 0;
  while (string[length] && strchr(accept, string[length])) length++;
  return length;
}

size_t strcspn(const char *string, const char *reject) {
  size_t length = 0;
  while (string[length] && !strchr(reject, string[length])) length++;
  return length;
}

char *strpbrk(const char *string, const char *accept) {
  string += strcspn(string, accept);
  return *string ? (char *)string : NULL;
}

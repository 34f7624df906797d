#include <string.h>

size_t strlen(const char *string) {
  const char *end = string;
  while (*end) end++;
  return (size_t)(end - string);
}

size_t strnlen(const char *string, size_t limit) {
  size_t length = 0;
  while (length < limit && string[length]) length++;
  return length;
}

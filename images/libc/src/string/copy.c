#include <string.h>

char *stpcpy(char *restrict destination, const char *restrict source) {
  while ((*destination = *source++)) destination++;
  return destination;
}

char *strcpy(char *restrict destination, const char *restrict source) {
  stpcpy(destination, source);
  return destination;
}

/* Pads with NULs to count, and leaves the result unterminated if the source is that long. */
char *strncpy(char *restrict destination, const char *restrict source, size_t count) {
  size_t length = strnlen(source, count);
  memcpy(destination, source, length);
  memset(destination + length, 0, count - length);
  return destination;
}

char *strcat(char *restrict destination, const char *restrict source) {
  stpcpy(destination + strlen(destination), source);
  return destination;
}

char *strncat(char *restrict destination, const char *restrict source, size_t limit) {
  char *end = destination + strlen(destination);
  size_t length = strnlen(source, limit);
  memcpy(end, source, length);
  end[length] = '\0';
  return destination;
}

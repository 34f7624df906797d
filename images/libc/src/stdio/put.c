#include <string.h>
#include "../internal/stdio_impl.h"

int fputc(int c, FILE *stream) {
  unsigned char byte = (unsigned char)c;
  return __stdio_put(stream, &byte, 1) ? EOF : byte;
}

int putc(int c, FILE *stream) {
  return fputc(c, stream);
}

int putchar(int c) {
  return fputc(c, stdout);
}

int fputs(const char *string, FILE *stream) {
  return __stdio_put(stream, string, strlen(string));
}

int puts(const char *string) {
  return fputs(string, stdout) || fputc('\n', stdout) == EOF ? EOF : 0;
}

size_t fwrite(const void *buffer, size_t size, size_t count, FILE *stream) {
  if (size == 0 || count == 0) return 0;
  return __stdio_put(stream, buffer, size * count) ? 0 : count;
}

#include <string.h>
#include "../internal/stdio_impl.h"

int fputc_unlocked(int c, FILE *stream) {
  unsigned char byte = (unsigned char)c;
  return __stdio_put(stream, &byte, 1) ? EOF : byte;
}

int putc_unlocked(int c, FILE *stream) {
  return fputc_unlocked(c, stream);
}

int putchar_unlocked(int c) {
  return fputc_unlocked(c, stdout);
}

int fputc(int c, FILE *stream) {
  return LOCKED(stream, fputc_unlocked(c, stream));
}

int putc(int c, FILE *stream) {
  return fputc(c, stream);
}

int putchar(int c) {
  return fputc(c, stdout);
}

int fputs_unlocked(const char *string, FILE *stream) {
  return __stdio_put(stream, string, strlen(string));
}

int fputs(const char *string, FILE *stream) {
  return LOCKED(stream, fputs_unlocked(string, stream));
}

/* The line and its newline together: no other thread's output comes between them. */
static int put_line(const char *string) {
  return fputs_unlocked(string, stdout) || fputc_unlocked('\n', stdout) == EOF ? EOF : 0;
}

int puts(const char *string) {
  return LOCKED(stdout, put_line(string));
}

size_t fwrite_unlocked(const void *buffer, size_t size, size_t count, FILE *stream) {
  if (size == 0 || count == 0) return 0;
  return __stdio_put(stream, buffer, size * count) ? 0 : count;
}

size_t fwrite(const void *buffer, size_t size, size_t count, FILE *stream) {
  return LOCKED(stream, fwrite_unlocked(buffer, size, count, stream));
}

#include <stdint.h>
#include <stdio.h>
#include "../internal/format.h"

/* Keeps what fits (less the terminating NUL) and counts the rest. */
struct string_sink {
  struct sink sink;
  char *buffer;
  size_t capacity;
  size_t length;
};

static void put_to_string(struct sink *sink, const char *text, size_t length) {
  struct string_sink *s = (struct string_sink *)sink;
  for (size_t i = 0; i < length; i++, s->length++) {
    if (s->length + 1 < s->capacity) s->buffer[s->length] = text[i];
  }
}

int vsnprintf(char *buffer, size_t size, const char *format, va_list args) {
  struct string_sink s = {{put_to_string}, buffer, size, 0};
  int result = __format(&s.sink, format, args);
  if (size) buffer[s.length < size ? s.length : size - 1] = '\0';
  return result;
}

int vsprintf(char *buffer, const char *format, va_list args) {
  return vsnprintf(buffer, SIZE_MAX, format, args);
}

int snprintf(char *buffer, size_t size, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int result = vsnprintf(buffer, size, format, args);
  va_end(args);
  return result;
}

int sprintf(char *buffer, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int result = vsnprintf(buffer, SIZE_MAX, format, args);
  va_end(args);
  return result;
}

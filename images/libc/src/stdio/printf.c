#include <string.h>
#include "../internal/format.h"
#include "../internal/stdio_impl.h"

/* Text reaches the stream in pieces of up to a chunk, so that an unbuffered stream gets few write calls. */
struct stream_sink {
  struct sink sink;
  FILE *stream;
  size_t length;
  char chunk[128];
};

static void flush_chunk(struct stream_sink *s) {
  if (s->length) __stdio_put(s->stream, s->chunk, s->length);
  s->length = 0;
}

static void put_to_stream(struct sink *sink, const char *text, size_t length) {
  struct stream_sink *s = (struct stream_sink *)sink;
  while (length) {
    size_t take = sizeof s->chunk - s->length < length ? sizeof s->chunk - s->length : length;
    memcpy(s->chunk + s->length, text, take);
    s->length += take;
    text += take;
    length -= take;
    if (s->length == sizeof s->chunk) flush_chunk(s);
  }
}

static int format_to_stream(FILE *stream, const char *format, va_list args) {
  struct stream_sink s = {.sink = {put_to_stream}, .stream = stream};
  int had_error = stream->flags & F_ERROR;
  stream->flags &= ~F_ERROR;
  int result = __format(&s.sink, format, args);
  flush_chunk(&s);
  if (stream->flags & F_ERROR) result = -1;
  stream->flags |= had_error;
  return result;
}

/* The whole text at once: another thread's output on the stream comes before or after it, never inside. */
int vfprintf(FILE *stream, const char *format, va_list args) {
  return LOCKED(stream, format_to_stream(stream, format, args));
}

int vprintf(const char *format, va_list args) {
  return vfprintf(stdout, format, args);
}

int fprintf(FILE *stream, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int result = vfprintf(stream, format, args);
  va_end(args);
  return result;
}

int printf(const char *format, ...) {
  va_list args;
  va_start(args, format);
  int result = vfprintf(stdout, format, args);
  va_end(args);
  return result;
}

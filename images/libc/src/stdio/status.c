#include "../internal/stdio_impl.h"

int fileno(FILE *stream) {
  return stream->fd;
}

int feof(FILE *stream) {
  return !!(stream->flags & F_EOF);
}

int ferror(FILE *stream) {
  return !!(stream->flags & F_ERROR);
}

void clearerr(FILE *stream) {
  stream->flags &= ~(F_EOF | F_ERROR);
}

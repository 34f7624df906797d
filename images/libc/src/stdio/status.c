#include "../internal/stdio_impl.h"

/* The descriptor of a stream never changes: there is nothing to lock. */
int fileno(FILE *stream) {
  return stream->fd;
}

int fileno_unlocked(FILE *stream) {
  return fileno(stream);
}

int feof_unlocked(FILE *stream) {
  return !!(stream->flags & F_EOF);
}

int feof(FILE *stream) {
  return LOCKED(stream, feof_unlocked(stream));
}

int ferror_unlocked(FILE *stream) {
  return !!(stream->flags & F_ERROR);
}

int ferror(FILE *stream) {
  return LOCKED(stream, ferror_unlocked(stream));
}

void clearerr_unlocked(FILE *stream) {
  stream->flags &= ~(F_EOF | F_ERROR);
}

void clearerr(FILE *stream) {
  flockfile(stream);
  clearerr_unlocked(stream);
  funlockfile(stream);
}

#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

int fseek(FILE *stream, long offset, int whence) {
  if (__stdio_settle(stream) || lseek(stream->fd, offset, whence) < 0) return -1;
  stream->flags &= ~F_EOF;
  return 0;
}

/* The file position, less what was read ahead, plus what waits in the buffer to be written. */
long ftell(FILE *stream) {
  off_t position = lseek(stream->fd, 0, SEEK_CUR);
  if (position < 0) return -1;
  if (stream->read) position -= stream->read_end - stream->read;
  if (stream->write) position += stream->write - stream->buffer;
  if (position > LONG_MAX) {
    errno = EOVERFLOW;
    return -1;
  }
  return (long)position;
}

void rewind(FILE *stream) {
  fseek(stream, 0, SEEK_SET);
  clearerr(stream);
}

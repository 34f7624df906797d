#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

static int seek(FILE *stream, long offset, int whence) {
  if (__stdio_settle(stream) || lseek(stream->fd, offset, whence) < 0) return -1;
  stream->flags &= ~F_EOF;
  return 0;
}

int fseek(FILE *stream, long offset, int whence) {
  return LOCKED(stream, seek(stream, offset, whence));
}

/* The file position, less what was read ahead, plus what waits in the buffer to be written. */
static long tell(FILE *stream) {
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

long ftell(FILE *stream) {
  return LOCKED(stream, tell(stream));
}

void rewind(FILE *stream) {
  flockfile(stream);
  seek(stream, 0, SEEK_SET);
  clearerr_unlocked(stream);
  funlockfile(stream);
}

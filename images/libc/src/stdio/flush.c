#include <errno.h>
#include <stdlib.h>
#include "../internal/stdio_impl.h"

/* fflush(NULL) writes out every stream; it leaves readers alone, unlike fflush of one reading stream, which gives
 * back what was read ahead (and fails if the file cannot seek). */
int fflush(FILE *stream) {
  if (stream) return __stdio_settle(stream);
  int result = 0;
  for (FILE *each = __stdio_streams; each; each = each->next) {
    if (each->write && __stdio_settle(each)) result = EOF;
  }
  return result;
}

/* Only before the first read or write, as C requires. Without a buffer of the caller's, the stream keeps its own
 * (the requested size is only a hint). */
int setvbuf(FILE *stream, char *buffer, int mode, size_t size) {
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
    errno = EINVAL;
    return -1;
  }
  if (mode == _IONBF || buffer) {
    if (stream->flags & F_OWN_BUFFER) free(stream->buffer);
    stream->flags &= ~F_OWN_BUFFER;
    stream->buffer = mode == _IONBF ? &stream->single : (unsigned char *)buffer;
    stream->size = mode == _IONBF ? 1 : size;
  }
  stream->buffering = mode;
  return 0;
}

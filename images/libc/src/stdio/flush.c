#include <errno.h>
#include <stdlib.h>
#include "../internal/pthread_impl.h"
#include "../internal/stdio_impl.h"

/* fflush(NULL) writes out every stream; it leaves readers alone, unlike fflush of one reading stream, which gives
 * back what was read ahead (and fails if the file cannot seek). */
static int flush_all(void) {
  int result = 0;
  __lock(&__stdio_streams_lock);
  for (FILE *each = __stdio_streams; each; each = each->next) {
    flockfile(each);
    if (each->write && __stdio_settle(each)) result = EOF;
    funlockfile(each);
  }
  __unlock(&__stdio_streams_lock);
  return result;
}

int fflush_unlocked(FILE *stream) {
  return stream ? __stdio_settle(stream) : flush_all();
}

int fflush(FILE *stream) {
  return stream ? LOCKED(stream, __stdio_settle(stream)) : flush_all();
}

/* Only before the first read or write, as C requires. Without a buffer of the caller's, the stream keeps its own
 * (the requested size is only a hint). */
static int set_buffering(FILE *stream, char *buffer, int mode, size_t size) {
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

int setvbuf(FILE *stream, char *buffer, int mode, size_t size) {
  return LOCKED(stream, set_buffering(stream, buffer, mode, size));
}

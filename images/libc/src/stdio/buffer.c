/* The buffer of a stream: filling it for reading, emptying it for writing, and giving it back. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

/* isatty's ENOTTY must not replace the errno a program is about to print. */
static void decide_buffering(FILE *stream) {
  if (stream->buffering != BUFFERING_UNDECIDED) return;
  int saved = errno;
  stream->buffering = isatty(stream->fd) ? _IOLBF : _IOFBF;
  errno = saved;
}

static int refuse(FILE *stream) {
  stream->flags |= F_ERROR;
  errno = EBADF;
  return EOF;
}

int __stdio_write_out(FILE *stream, const unsigned char *data, size_t length) {
  while (length) {
    ssize_t written = write(stream->fd, data, length);
    if (written < 0) {
      stream->flags |= F_ERROR;
      return EOF;
    }
    data += written;
    length -= (size_t)written;
  }
  return 0;
}

int __stdio_settle(FILE *stream) {
  int result = 0;
  if (stream->write) {
    result = __stdio_write_out(stream, stream->buffer, (size_t)(stream->write - stream->buffer));
    stream->write = NULL;
  }
  if (stream->read) {
    // Keep the data if the file cannot seek back (a pipe or a terminal): it would be lost otherwise.
    off_t unread = stream->read_end - stream->read;
    if (unread && lseek(stream->fd, -unread, SEEK_CUR) < 0) return EOF;
    stream->read = stream->read_end = NULL;
  }
  return result;
}

int __stdio_to_write(FILE *stream) {
  if (!(stream->flags & F_CAN_WRITE)) return refuse(stream);
  if (stream->write) return 0;
  if (stream->read && __stdio_settle(stream)) return EOF;
  decide_buffering(stream);
  stream->write = stream->buffer;
  return 0;
}

int __stdio_put(FILE *stream, const void *data, size_t length) {
  if (__stdio_to_write(stream)) return EOF;
  // What cannot fit in the buffer is written straight through, after what the buffer holds.
  if (length >= stream->size) {
    return __stdio_settle(stream) ? EOF : __stdio_write_out(stream, data, length);
  }
  if (length > (size_t)(stream->buffer + stream->size - stream->write)) {
    if (__stdio_settle(stream) || __stdio_to_write(stream)) return EOF;
  }
  memcpy(stream->write, data, length);
  stream->write += length;
  int full = stream->write == stream->buffer + stream->size;
  if (full || (stream->buffering == _IOLBF && memchr(data, '\n', length))) return __stdio_settle(stream);
  return 0;
}

size_t __stdio_refill(FILE *stream) {
  if (!(stream->flags & F_CAN_READ)) {
    refuse(stream);
    return 0;
  }
  if (stream->write && __stdio_settle(stream)) return 0;
  decide_buffering(stream);
  // A prompt written to a terminal without a newline must show before the program waits for input.
  if (stream != stdout) {
    flockfile(stdout);
    if (stdout->buffering == _IOLBF) __stdio_settle(stdout);
    funlockfile(stdout);
  }
  ssize_t length = read(stream->fd, stream->buffer, stream->size);
  stream->read = stream->buffer;
  stream->read_end = stream->buffer + (length > 0 ? length : 0);
  if (length <= 0) stream->flags |= length ? F_ERROR : F_EOF;
  return length > 0 ? (size_t)length : 0;
}

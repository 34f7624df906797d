#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../internal/pthread_impl.h"
#include "../internal/stdio_impl.h"

/* "r", "w" or "a", then any of '+' (read and write), 'b' (no effect), 'x' (O_EXCL), 'e' (O_CLOEXEC). */
int __fopen_flags(const char *mode) {
  int flags;
  switch (mode[0]) {
  case 'r': flags = O_RDONLY; break;
  case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
  case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
  default: errno = EINVAL; return -1;
  }
  for (const char *c = mode + 1; *c; c++) {
    if (*c == '+') flags = (flags & ~O_ACCMODE) | O_RDWR;
    else if (*c == 'x') flags |= O_EXCL;
    else if (*c == 'e') flags |= O_CLOEXEC;
  }
  return flags;
}

FILE *__stdio_new(int fd, int flags) {
  FILE *stream = malloc(sizeof *stream);
  unsigned char *buffer = malloc(BUFSIZ);
  if (!stream || !buffer) {
    free(stream);
    free(buffer);
    return NULL;
  }
  int access = flags & O_ACCMODE;
  *stream = (FILE){
      .fd = fd,
      .flags = F_OWN_FILE | F_OWN_BUFFER | (access != O_WRONLY ? F_CAN_READ : 0) |
               (access != O_RDONLY ? F_CAN_WRITE : 0),
      .buffering = BUFFERING_UNDECIDED,
      .buffer = buffer,
      .size = BUFSIZ,
  };
  __lock(&__stdio_streams_lock);
  stream->next = __stdio_streams;
  __stdio_streams = stream;
  __unlock(&__stdio_streams_lock);
  return stream;
}

FILE *fopen(const char *path, const char *mode) {
  int flags = __fopen_flags(mode);
  if (flags < 0) return NULL;
  int fd = open(path, flags, 0666);
  if (fd < 0) return NULL;
  FILE *stream = __stdio_new(fd, flags);
  if (!stream) close(fd);
  return stream;
}

FILE *fdopen(int fd, const char *mode) {
  int flags = __fopen_flags(mode);
  if (flags < 0) return NULL;
  // The descriptor keeps its own flags: only "a" changes them, as POSIX asks.
  if (flags & O_APPEND && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND) < 0) return NULL;
  return __stdio_new(fd, flags);
}

/* The stream is unlocked before the list is taken: fflush(NULL) takes the list first, then each stream. */
int fclose(FILE *stream) {
  flockfile(stream);
  int result = __stdio_settle(stream);
  if (close(stream->fd) < 0) result = EOF;
  funlockfile(stream);
  __lock(&__stdio_streams_lock);
  for (FILE **link = &__stdio_streams; *link; link = &(*link)->next) {
    if (*link == stream) {
      *link = stream->next;
      break;
    }
  }
  __unlock(&__stdio_streams_lock);
  if (stream->flags & F_OWN_BUFFER) free(stream->buffer);
  if (stream->flags & F_OWN_FILE) free(stream);
  return result;
}

#ifndef LIBC_INTERNAL_STDIO_IMPL_H
#define LIBC_INTERNAL_STDIO_IMPL_H

#include <stdio.h>
#include "startup.h"

/* A stream is either reading or writing at any time (switching direction settles the buffer first):
 * reading, [read, read_end) of the buffer is data not yet returned; writing, [buffer, write) is data not yet
 * written. */
struct __FILE {
  int fd;
  int flags;
  /* _IOFBF, _IOLBF, _IONBF, or BUFFERING_UNDECIDED until the first read or write. */
  int buffering;
  unsigned char *buffer;
  size_t size;
  unsigned char *read, *read_end;
  unsigned char *write;
  /* The buffer of an unbuffered stream: one byte, so that reading and ungetc work the same way. */
  unsigned char single;
  FILE *next;
  /* flockfile's recursive lock: the lock word, the tid of the thread holding it and how many times it took it. */
  volatile int lock;
  volatile pid_t owner;
  int depth;
};

/* The value of `call`, made with the stream locked: every stdio function is atomic with respect to the others on
 * the same stream, as POSIX asks (each behaves as if it called flockfile and funlockfile). */
#define LOCKED(stream, call) \
  ({ \
    FILE *locked_stream = (stream); \
    flockfile(locked_stream); \
    __typeof__(call) locked_result = (call); \
    funlockfile(locked_stream); \
    locked_result; \
  })

#define BUFFERING_UNDECIDED (-1)

#define F_CAN_READ 1
#define F_CAN_WRITE 2
#define F_EOF 4
#define F_ERROR 8
/* The buffer was malloc'd by the library and is freed by fclose. */
#define F_OWN_BUFFER 16
/* The FILE itself was malloc'd by fopen. */
#define F_OWN_FILE 32

/* Every open stream, for fflush(NULL), and the lock word that guards the list. */
extern FILE *__stdio_streams HIDDEN;
extern volatile int __stdio_streams_lock HIDDEN;

/* The open(2) flags for an fopen mode string, or -1 (errno EINVAL) if it is not one. */
int __fopen_flags(const char *mode) HIDDEN;
FILE *__stdio_new(int fd, int flags) HIDDEN;
/* Gives the buffer back: writes out what was written, or moves the file position back over what was read
 * ahead but not consumed. The stream is then neither reading nor writing. 0 or EOF. */
int __stdio_settle(FILE *stream) HIDDEN;
/* Refills an empty read buffer: the number of bytes now buffered, 0 at end of file or on error. */
size_t __stdio_refill(FILE *stream) HIDDEN;
/* Prepares for writing: 0, or EOF if the stream cannot be written. */
int __stdio_to_write(FILE *stream) HIDDEN;
/* Writes all of [data, data + length) to the file descriptor; 0 or EOF (error flag set). */
int __stdio_write_out(FILE *stream, const unsigned char *data, size_t length) HIDDEN;
/* Writes through the buffer, as the stream's buffering mode says; 0 or EOF. */
int __stdio_put(FILE *stream, const void *data, size_t length) HIDDEN;

#endif

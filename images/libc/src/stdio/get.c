#include <string.h>
#include "../internal/stdio_impl.h"

/* End of file is sticky: once seen, reading returns EOF until clearerr or a seek (C11 7.21.7.1). */
int fgetc_unlocked(FILE *stream) {
  if (stream->read && stream->read < stream->read_end) return *stream->read++;
  if (stream->flags & F_EOF || !__stdio_refill(stream)) return EOF;
  return *stream->read++;
}

int getc_unlocked(FILE *stream) {
  return fgetc_unlocked(stream);
}

int getchar_unlocked(void) {
  return fgetc_unlocked(stdin);
}

int fgetc(FILE *stream) {
  return LOCKED(stream, fgetc_unlocked(stream));
}

int getc(FILE *stream) {
  return fgetc(stream);
}

int getchar(void) {
  return fgetc(stdin);
}

/* One character can always be pushed back after a read: it goes where it came from in the buffer. */
static int unget(int c, FILE *stream) {
  if (c == EOF || !stream->read || stream->read == stream->buffer) return EOF;
  *--stream->read = (unsigned char)c;
  stream->flags &= ~F_EOF;
  return (unsigned char)c;
}

int ungetc(int c, FILE *stream) {
  return LOCKED(stream, unget(c, stream));
}

/* NULL at end of file before any character, or on a read error (whatever was read is then lost). */
char *fgets_unlocked(char *buffer, int size, FILE *stream) {
  if (size < 1) return NULL;
  int length = 0, c = 0;
  while (length < size - 1 && (c = fgetc_unlocked(stream)) != EOF) {
    buffer[length++] = (char)c;
    if (c == '\n') break;
  }
  if (c == EOF && (length == 0 || !feof_unlocked(stream))) return NULL;
  buffer[length] = '\0';
  return buffer;
}

char *fgets(char *buffer, int size, FILE *stream) {
  return LOCKED(stream, fgets_unlocked(buffer, size, stream));
}

size_t fread_unlocked(void *buffer, size_t size, size_t count, FILE *stream) {
  if (size == 0 || count == 0) return 0;
  size_t total = size * count, done = 0;
  while (done < total) {
    size_t available = stream->read ? (size_t)(stream->read_end - stream->read) : 0;
    if (available == 0) {
      if (stream->flags & F_EOF || !(available = __stdio_refill(stream))) break;
    }
    size_t take = total - done < available ? total - done : available;
    memcpy((unsigned char *)buffer + done, stream->read, take);
    stream->read += take;
    done += take;
  }
  return done / size;
}

size_t fread(void *buffer, size_t size, size_t count, FILE *stream) {
  return LOCKED(stream, fread_unlocked(buffer, size, count, stream));
}

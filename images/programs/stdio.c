/* Buffered streams on a file in /tmp and on a pipe: fopen modes, fprintf/fputs/fputc/fwrite, fgets/fgetc/
 * ungetc/fread, fseek/ftell/rewind, end of file and errors, read-write streams, fdopen, setvbuf. */
#include <errno.h>
#include <unistd.h>
#include "check.h"

static char path[64];

static void write_then_read(void) {
  FILE *out = fopen(path, "w");
  CHECK(out != NULL);
  CHECK_INT(fprintf(out, "line %d\n", 1), 7);
  CHECK(fputs("line 2\n", out) >= 0);
  CHECK_INT(fputc('x', out), 'x');
  CHECK_INT(fwrite("yz\n", 1, 3, out), 3);
  CHECK_INT(ftell(out), 18);
  CHECK_INT(fclose(out), 0);

  FILE *in = fopen(path, "r");
  CHECK(in != NULL);
  char line[16];
  CHECK_STR(fgets(line, sizeof line, in), "line 1\n");
  CHECK_INT(ftell(in), 7);
  CHECK_INT(fgetc(in), 'l');
  CHECK_INT(ungetc('L', in), 'L');
  CHECK_STR(fgets(line, sizeof line, in), "Line 2\n");
  // A short buffer stops a line early; the rest comes next time.
  CHECK_STR(fgets(line, 3, in), "xy");
  CHECK_STR(fgets(line, sizeof line, in), "z\n");
  CHECK(fgets(line, sizeof line, in) == NULL);
  CHECK(feof(in) && !ferror(in));
  CHECK_INT(fgetc(in), EOF);

  rewind(in);
  CHECK(!feof(in));
  char all[32] = {0};
  CHECK_INT(fread(all, 1, sizeof all, in), 18);
  CHECK_STR(all, "line 1\nline 2\nxyz\n");
  CHECK_INT(fseek(in, -4, SEEK_END), 0);
  CHECK_INT(fgetc(in), 'x');
  CHECK_INT(fseek(in, 1, SEEK_CUR), 0);
  CHECK_INT(fgetc(in), 'z');
  CHECK_INT(fseek(in, 5, SEEK_SET), 0);
  CHECK_INT(fread(all, 2, 3, in), 3);
  CHECK(!memcmp(all, "1\nline", 6));
  // Writing to a read-only stream fails and sets the error flag.
  CHECK_INT(fputc('!', in), EOF);
  CHECK(ferror(in));
  clearerr(in);
  CHECK(!ferror(in));
  CHECK_INT(fclose(in), 0);
}

static void append_and_update(void) {
  FILE *stream = fopen(path, "a");
  CHECK_INT(fputs("appended\n", stream) >= 0, 1);
  CHECK_INT(fclose(stream), 0);

  // "r+": read, then write at the position reached, then read again; fseek separates the directions.
  stream = fopen(path, "r+");
  char word[8] = {0};
  CHECK_INT(fread(word, 1, 4, stream), 4);
  CHECK_STR(word, "line");
  CHECK_INT(fseek(stream, 0, SEEK_CUR), 0);
  CHECK_INT(fputs("-1", stream), 0);
  CHECK_INT(fseek(stream, 0, SEEK_SET), 0);
  char line[32];
  CHECK_STR(fgets(line, sizeof line, stream), "line-1\n");
  CHECK_INT(fclose(stream), 0);

  stream = fopen(path, "r");
  char all[64] = {0};
  CHECK_INT(fread(all, 1, sizeof all, stream), 27);
  printf("file now: %s", all);
  CHECK_STR(all, "line-1\nline 2\nxyz\nappended\n");
  fclose(stream);

  // "w+" truncates and can read back what it wrote.
  stream = fopen(path, "w+");
  CHECK_INT(fprintf(stream, "%s", "fresh"), 5);
  rewind(stream);
  CHECK_STR(fgets(line, sizeof line, stream), "fresh");
  fclose(stream);
}

static void pipe_streams(void) {
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  FILE *reader = fdopen(fds[0], "r"), *writer = fdopen(fds[1], "w");
  CHECK(reader && writer);
  // Full buffering: nothing reaches the pipe before fflush.
  fprintf(writer, "through the pipe %d\n", 42);
  CHECK_INT(fflush(writer), 0);
  char line[64];
  CHECK_STR(fgets(line, sizeof line, reader), "through the pipe 42\n");
  // Unbuffered: every write goes straight through.
  CHECK_INT(setvbuf(writer, NULL, _IONBF, 0), 0);
  fputs("unbuffered\n", writer);
  CHECK_STR(fgets(line, sizeof line, reader), "unbuffered\n");
  CHECK_INT(fclose(writer), 0);
  CHECK(fgets(line, sizeof line, reader) == NULL && feof(reader));
  CHECK_INT(fclose(reader), 0);
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/rvnommu-stdio-%d", getpid());
  write_then_read();
  append_and_update();
  pipe_streams();
  CHECK(fopen("/nonexistent-rvnommu/file", "r") == NULL);
  CHECK_INT(errno, ENOENT);
  CHECK(fopen(path, "q") == NULL);
  CHECK_INT(errno, EINVAL);
  unlink(path);
  CHECK_INT(puts("puts adds a newline"), 0);
  CHECK_INT(putchar('!'), '!');
  CHECK_INT(putchar('\n'), '\n');
  fputs("to stderr, unbuffered\n", stderr);
  return finish("stdio");
}

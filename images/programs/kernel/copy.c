/* copy SOURCE [TARGET]: prints SOURCE and, with TARGET, writes it there too (created or truncated). A file that
 * cannot be opened is reported on stderr as "copy: PATH: error" with exit status 1. For the --mount tests
 * (test/kernel/mount.test.ts), which read and write host files through the guest. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *path) {
  fprintf(stderr, "copy: %s: %s\n", path, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: copy SOURCE [TARGET]\n");
    return 2;
  }
  int in = open(argv[1], O_RDONLY);
  if (in < 0) return fail(argv[1]);
  int out = argc == 3 ? open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
  if (argc == 3 && out < 0) return fail(argv[2]);
  char buffer[4096];
  ssize_t count;
  while ((count = read(in, buffer, sizeof buffer)) > 0) {
    if (write(STDOUT_FILENO, buffer, count) != count) return fail("stdout");
    if (out >= 0 && write(out, buffer, count) != count) return fail(argv[2]);
  }
  if (count < 0) return fail(argv[1]);
  return out >= 0 && close(out) < 0 ? fail(argv[2]) : 0;
}

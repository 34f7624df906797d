/* cat [FILE...]: copies the files (or stdin, also for "-") to stdout. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy(int fd, const char *name) {
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
      return 1;
    }
    if (n == 0) return 0;
    for (ssize_t done = 0; done < n;) {
      ssize_t written = write(1, buffer + done, n - done);
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        fprintf(stderr, "cat: write error: %s\n", strerror(errno));
        return 1;
      }
      done += written;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) return copy(0, "stdin");
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      status |= copy(0, "stdin");
      continue;
    }
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    status |= copy(fd, argv[i]);
    close(fd);
  }
  return status;
}

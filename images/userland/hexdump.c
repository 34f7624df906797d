/* hexdump [-C] [FILE...]: the canonical layout of hexdump -C (the only one; -C is accepted): offset, 16 bytes in
 * hex in two groups of 8, the printable characters between bars, "*" for lines repeating the one before, and the
 * final offset. The files are read as one stream. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct dump {
  unsigned char line[16], previous[16];
  size_t filled;
  unsigned long long offset;
  int repeating; /* 1 once "*" stands for lines equal to `previous` */
};

static void print_line(struct dump *d) {
  if (d->offset > 0 && d->filled == 16 && memcmp(d->line, d->previous, 16) == 0) {
    if (!d->repeating) printf("*\n");
    d->repeating = 1;
  } else {
    d->repeating = 0;
    printf("%08llx ", d->offset);
    for (size_t i = 0; i < 16; i++) {
      if (i == 8) putchar(' ');
      if (i < d->filled) printf(" %02x", d->line[i]);
      else printf("   ");
    }
    printf("  |");
    for (size_t i = 0; i < d->filled; i++) putchar(d->line[i] >= 0x20 && d->line[i] < 0x7f ? d->line[i] : '.');
    printf("|\n");
  }
  memcpy(d->previous, d->line, 16);
  d->offset += d->filled;
  d->filled = 0;
}

static int feed(struct dump *d, int fd, const char *name) {
  unsigned char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "hexdump: %s: %s\n", name, strerror(errno));
      return 1;
    }
    if (n == 0) return 0;
    for (ssize_t i = 0; i < n; i++) {
      d->line[d->filled++] = buffer[i];
      if (d->filled == 16) print_line(d);
    }
  }
}

int main(int argc, char **argv) {
  int first = argc > 1 && strcmp(argv[1], "-C") == 0 ? 2 : 1;
  struct dump d = {0};
  int status = 0;
  if (first == argc) status = feed(&d, 0, "stdin");
  for (int i = first; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "hexdump: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    status |= feed(&d, fd, argv[i]);
    close(fd);
  }
  if (d.filled) print_line(&d);
  if (d.offset) printf("%08llx\n", d.offset);
  return status;
}

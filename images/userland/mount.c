/* mount: with no arguments prints /proc/mounts; mount [-r] [-t TYPE] [-o OPTIONS] SOURCE TARGET mounts. Of the
 * options, ro, rw, remount, bind, noexec, nosuid, nodev and noatime are flags; the rest go to the file system. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static const struct {
  const char *name;
  unsigned long set, clear;
} flag_options[] = {
    {"ro", MS_RDONLY, 0},       {"rw", 0, MS_RDONLY},        {"remount", MS_REMOUNT, 0}, {"bind", MS_BIND, 0},
    {"noexec", MS_NOEXEC, 0},   {"nosuid", MS_NOSUID, 0},    {"nodev", MS_NODEV, 0},     {"noatime", MS_NOATIME, 0},
};

/* Splits OPTIONS into flags and the file system's own, comma-separated, in `data`. */
static void parse_options(char *options, unsigned long *flags, char *data, size_t size) {
  for (char *option = strtok(options, ","); option; option = strtok(NULL, ",")) {
    unsigned i = 0;
    while (i < sizeof flag_options / sizeof flag_options[0] && strcmp(flag_options[i].name, option) != 0) i++;
    if (i < sizeof flag_options / sizeof flag_options[0]) {
      *flags = (*flags | flag_options[i].set) & ~flag_options[i].clear;
      continue;
    }
    if (*data) strncat(data, ",", size - strlen(data) - 1);
    strncat(data, option, size - strlen(data) - 1);
  }
}

static int show_mounts(void) {
  int fd = open("/proc/mounts", O_RDONLY);
  if (fd < 0) {
    perror("mount: /proc/mounts");
    return 1;
  }
  char buffer[1024];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) fwrite(buffer, 1, n, stdout);
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 1) return show_mounts();
  const char *type = NULL;
  unsigned long flags = 0;
  char data[256] = "";
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-r") == 0) flags |= MS_RDONLY;
    else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) type = argv[++i];
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) parse_options(argv[++i], &flags, data, sizeof data);
    else break;
  }
  if (argc - i != 2) {
    fprintf(stderr, "usage: mount [-r] [-t TYPE] [-o OPTIONS] SOURCE TARGET\n");
    return 1;
  }
  if (mount(argv[i], argv[i + 1], type, flags, *data ? data : NULL) < 0) {
    fprintf(stderr, "mount: mounting %s on %s failed: %s\n", argv[i], argv[i + 1], strerror(errno));
    return 1;
  }
  return 0;
}

/* One counter of /proc/vmstat ("name value" lines), or -1 when the file or the counter is missing. */
#ifndef VMSTAT_H
#define VMSTAT_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long vmstat(const char *name) {
  static char text[8192];
  int fd = open("/proc/vmstat", O_RDONLY);
  if (fd < 0) return -1;
  int length = read(fd, text, sizeof text - 1);
  close(fd);
  if (length <= 0) return -1;
  text[length] = 0;
  size_t name_length = strlen(name);
  for (char *line = text; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
    if (!strncmp(line, name, name_length) && line[name_length] == ' ') return strtol(line + name_length + 1, NULL, 10);
  }
  return -1;
}

/* The pages that [start, start+length) touches: what pinning that buffer counts. */
static long pages_spanned(const void *start, unsigned long length) {
  unsigned long first = (unsigned long)start / 4096, last = ((unsigned long)start + length - 1) / 4096;
  return (long)(last - first + 1);
}

#endif

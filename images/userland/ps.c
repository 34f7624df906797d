/* ps: every process from /proc: PID, parent, process group, state, virtual size in KiB and the command line
 * (from /proc/PID/cmdline; the name in brackets when that is empty, as for a zombie). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole of a small /proc file, NUL-terminated; its length, or -1. */
static ssize_t read_file(const char *path, char *buffer, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t total = 0, n;
  while (total < (ssize_t)size - 1 && (n = read(fd, buffer + total, size - 1 - total)) > 0) total += n;
  close(fd);
  buffer[total] = '\0';
  return total;
}

static void show(long pid) {
  char path[64], stat[512], command[256];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  if (read_file(path, stat, sizeof stat) <= 0) return;  // it exited meanwhile
  // "PID (COMM) S PPID PGRP SESSION ...": COMM may hold spaces and parentheses, so it ends at the last ')'.
  char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
  if (!open_paren || !close_paren) return;
  *close_paren = '\0';
  const char *name = open_paren + 1;
  char *fields[24] = {0};
  int count = 0;
  for (char *field = strtok(close_paren + 2, " "); field && count < 24; field = strtok(NULL, " "))
    fields[count++] = field;
  // fields[0] is the state (field 3 of the file); the virtual size is field 23.
  if (count < 21) return;
  unsigned long vsz_kib = strtoul(fields[20], NULL, 10) / 1024;

  snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
  ssize_t length = read_file(path, command, sizeof command);
  if (length > 0) {
    while (length > 0 && command[length - 1] == '\0') length--;
    for (ssize_t i = 0; i < length; i++)
      if (command[i] == '\0') command[i] = ' ';
  } else {
    snprintf(command, sizeof command, "[%s]", name);
  }
  printf("%5ld %5s %5s %s %7lu %s\n", pid, fields[1], fields[2], fields[0], vsz_kib, command);
}

static int compare(const void *left, const void *right) {
  long a = *(const long *)left, b = *(const long *)right;
  return (a > b) - (a < b);
}

int main(void) {
  DIR *proc = opendir("/proc");
  if (!proc) {
    perror("ps: /proc");
    return 1;
  }
  long *pids = NULL;
  size_t count = 0;
  struct dirent *entry;
  while ((entry = readdir(proc))) {
    if (!isdigit((unsigned char)entry->d_name[0])) continue;
    long *grown = realloc(pids, (count + 1) * sizeof *pids);
    if (!grown) {
      fprintf(stderr, "ps: out of memory\n");
      return 1;
    }
    pids = grown;
    pids[count++] = strtol(entry->d_name, NULL, 10);
  }
  closedir(proc);
  qsort(pids, count, sizeof *pids, compare);
  printf("  PID  PPID  PGID S     VSZ COMMAND\n");
  for (size_t i = 0; i < count; i++) show(pids[i]);
  free(pids);
  return 0;
}

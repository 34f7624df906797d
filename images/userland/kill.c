/* kill [-SIGNAL | -s SIGNAL] PID... (a negative PID is a process group); kill -l lists the signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/signals.h"

int main(int argc, char **argv) {
  int number = SIGTERM;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-l") == 0) {
    for (int n = 1; n < NSIG; n++)
      if (signal_name(n)) printf("%2d) SIG%s\n", n, signal_name(n));
    return 0;
  }
  if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
    number = signal_number(argv[i + 1]);
    i += 2;
  } else if (i + 1 < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
    // -SIGNAL needs a PID after it: a lone negative number is a process group.
    number = signal_number(argv[i] + 1);
    i++;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (number < 0 || i == argc) {
    fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID... | kill -l\n");
    return 1;
  }
  int status = 0;
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end || end == argv[i]) {
      fprintf(stderr, "kill: %s: not a process ID\n", argv[i]);
      status = 1;
    } else if (kill(pid, number) < 0) {
      fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}

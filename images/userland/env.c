/* env [-i] [NAME=VALUE...] [COMMAND [ARG...]]: runs COMMAND with the environment changed, or prints it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "-i") == 0) {
    static char *empty[] = {NULL};
    environ = empty;
    i++;
  }
  for (; i < argc && strchr(argv[i], '='); i++) {
    char *equals = strchr(argv[i], '=');
    *equals = '\0';
    if (setenv(argv[i], equals + 1, 1) < 0) {
      fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
      return 125;
    }
  }
  if (i == argc) {
    for (char **entry = environ; *entry; entry++) puts(*entry);
    return 0;
  }
  execvp(argv[i], argv + i);
  fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}

#include <errno.h>
#include <string.h>
#include "../internal/stdio_impl.h"

void perror(const char *prefix) {
  const char *message = strerror(errno);
  if (prefix && *prefix) fprintf(stderr, "%s: %s\n", prefix, message);
  else fprintf(stderr, "%s\n", message);
}

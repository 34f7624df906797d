#include <errno.h>
#include <sys/auxv.h>
#include "../internal/startup.h"

unsigned long getauxval(unsigned long type) {
  for (const unsigned long *aux = __auxv; aux[0] != AT_NULL; aux += 2) {
    if (aux[0] == type) return aux[1];
  }
  errno = ENOENT;
  return 0;
}

#include <sys/random.h>
#include "../internal/syscall.h"

ssize_t getrandom(void *buffer, size_t length, unsigned flags) {
  return __syscall_ret(__syscall3(SYS_getrandom, buffer, length, flags));
}

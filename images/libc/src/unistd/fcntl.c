#include <fcntl.h>
#include <stdarg.h>
#include "../internal/syscall.h"

/* fcntl64: on 32-bit machines the lock commands take struct flock64; others take an int or nothing. */
int fcntl(int fd, int command, ...) {
  va_list args;
  va_start(args, command);
  unsigned long argument = va_arg(args, unsigned long);
  va_end(args);
  return __syscall_ret(__syscall3(SYS_fcntl64, fd, command, argument));
}

#include <stdarg.h>
#include <sys/ioctl.h>
#include "../internal/syscall.h"

int ioctl(int fd, int request, ...) {
  va_list args;
  va_start(args, request);
  void *argument = va_arg(args, void *);
  va_end(args);
  return __syscall_ret(__syscall3(SYS_ioctl, fd, request, argument));
}

#include <unistd.h>
#include "../internal/syscall.h"

ssize_t read(int fd, void *buffer, size_t count) {
  return __syscall_ret(__syscall3(SYS_read, fd, buffer, count));
}

ssize_t write(int fd, const void *buffer, size_t count) {
  return __syscall_ret(__syscall3(SYS_write, fd, buffer, count));
}

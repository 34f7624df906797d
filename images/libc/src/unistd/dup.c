#include <fcntl.h>
#include <unistd.h>
#include "../internal/syscall.h"

int dup(int fd) {
  return __syscall_ret(__syscall1(SYS_dup, fd));
}

int dup3(int fd, int target, int flags) {
  return __syscall_ret(__syscall3(SYS_dup3, fd, target, flags));
}

/* There is no dup2 system call on rv32. dup3 refuses fd == target, where dup2 only checks that fd is open. */
int dup2(int fd, int target) {
  if (fd == target) return fcntl(fd, F_GETFD) < 0 ? -1 : target;
  return dup3(fd, target, 0);
}

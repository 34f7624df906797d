#include <unistd.h>
#include "../internal/syscall.h"

int pipe2(int fds[2], int flags) {
  return __syscall_ret(__syscall2(SYS_pipe2, fds, flags));
}

int pipe(int fds[2]) {
  return pipe2(fds, 0);
}

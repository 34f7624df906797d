#include <signal.h>
#include "../internal/syscall.h"

int kill(pid_t pid, int number) {
  return __syscall_ret(__syscall2(SYS_kill, pid, number));
}

/* raise signals the calling thread, not any thread of the process. */
int raise(int number) {
  return __syscall_ret(__syscall2(SYS_tkill, __syscall0(SYS_gettid), number));
}

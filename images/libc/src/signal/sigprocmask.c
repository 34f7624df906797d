#include <signal.h>
#include "../internal/syscall.h"

int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  return __syscall_ret(__syscall4(SYS_rt_sigprocmask, how, set, old, KERNEL_SIGSET_SIZE));
}

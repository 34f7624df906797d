#include <errno.h>
#include <signal.h>
#include <string.h>
#include "../internal/syscall.h"

/* The kernel's struct sigaction on RISC-V: no sa_restorer field (there is no SA_RESTORER). qemu-riscv32 (7.2 and
 * later) wrongly expects one before the mask and copies 20 bytes: the spare word keeps its copy inside this
 * structure, as musl's does (under qemu the mask is then misread; the handler and flags are right). */
struct kernel_sigaction {
  sighandler_t handler;
  unsigned long flags;
  sigset_t mask;
  unsigned long spare;
};

int sigaction(int number, const struct sigaction *action, struct sigaction *old) {
  struct kernel_sigaction new_action, old_action;
  if (action) {
    new_action = (struct kernel_sigaction){action->sa_handler, (unsigned long)action->sa_flags, action->sa_mask, 0};
  }
  long result = __syscall4(SYS_rt_sigaction, number, action ? &new_action : 0, old ? &old_action : 0,
                           KERNEL_SIGSET_SIZE);
  if (result < 0) return __syscall_ret(result);
  if (old) {
    *old = (struct sigaction){.sa_handler = old_action.handler, .sa_mask = old_action.mask,
                              .sa_flags = (int)old_action.flags};
  }
  return 0;
}

sighandler_t signal(int number, sighandler_t handler) {
  struct sigaction action = {.sa_handler = handler, .sa_flags = SA_RESTART}, old;
  return sigaction(number, &action, &old) < 0 ? SIG_ERR : old.sa_handler;
}

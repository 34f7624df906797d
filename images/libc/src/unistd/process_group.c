/* Sessions, process groups and the terminal's foreground group: what a job-control shell needs. */
#include <sys/ioctl.h>
#include <unistd.h>
#include "../internal/syscall.h"

pid_t setsid(void) {
  return __syscall_ret(__syscall0(SYS_setsid));
}

int setpgid(pid_t pid, pid_t pgid) {
  return __syscall_ret(__syscall2(SYS_setpgid, pid, pgid));
}

pid_t getpgid(pid_t pid) {
  return __syscall_ret(__syscall1(SYS_getpgid, pid));
}

pid_t getpgrp(void) {
  return __syscall0(SYS_getpgid);
}

pid_t tcgetpgrp(int fd) {
  pid_t pgrp;
  long result = __syscall3(SYS_ioctl, fd, TIOCGPGRP, &pgrp);
  return result < 0 ? __syscall_ret(result) : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp) {
  return __syscall_ret(__syscall3(SYS_ioctl, fd, TIOCSPGRP, &pgrp));
}

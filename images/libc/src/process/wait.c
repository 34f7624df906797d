/* rv32 has no wait4: waitpid is waitid with the child's state turned back into a traditional wait status. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include "../internal/syscall.h"

static int wait_status(const siginfo_t *info) {
  switch (info->si_code) {
  case CLD_EXITED: return (info->si_status & 0xff) << 8;
  case CLD_KILLED: return info->si_status & 0x7f;
  case CLD_DUMPED: return (info->si_status & 0x7f) | 0x80;
  case CLD_STOPPED:
  case CLD_TRAPPED: return (info->si_status & 0xff) << 8 | 0x7f;
  default: return 0xffff;  // CLD_CONTINUED
  }
}

pid_t waitpid(pid_t pid, int *status, int options) {
  // waitpid(0) names the caller's process group, which waitid spells P_PGID with id 0.
  int type = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
  id_t id = pid < -1 ? (id_t)-pid : pid > 0 ? (id_t)pid : 0;
  // WUNTRACED is waitid's WSTOPPED; waitid reports exited children only when asked to.
  siginfo_t info = {0};
  long result = __syscall5(SYS_waitid, type, id, &info, options | WEXITED, 0);
  if (result < 0) return __syscall_ret(result);
  // With WNOHANG and no child ready, waitid succeeds without filling the record.
  if (info.si_pid == 0) return 0;
  if (status) *status = wait_status(&info);
  return info.si_pid;
}

pid_t wait(int *status) {
  return waitpid(-1, status, 0);
}

#include <sys/wait.h>
#include "../internal/syscall.h"

/* The fifth argument, a struct rusage, is not wanted. */
int waitid(idtype_t type, id_t id, siginfo_t *info, int options) {
  return __syscall_ret(__syscall5(SYS_waitid, type, id, info, options, 0));
}

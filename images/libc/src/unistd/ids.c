#include <unistd.h>
#include "../internal/syscall.h"

/* These cannot fail. */
pid_t getpid(void) {
  return __syscall0(SYS_getpid);
}

pid_t getppid(void) {
  return __syscall0(SYS_getppid);
}

pid_t gettid(void) {
  return __syscall0(SYS_gettid);
}

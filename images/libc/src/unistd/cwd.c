#include <errno.h>
#include <unistd.h>
#include "../internal/syscall.h"

int chdir(const char *path) {
  return __syscall_ret(__syscall1(SYS_chdir, path));
}

/* The caller provides the buffer (glibc's allocation when it is NULL is not offered). */
char *getcwd(char *buffer, size_t size) {
  if (!buffer) {
    errno = EINVAL;
    return NULL;
  }
  return __syscall_ret(__syscall2(SYS_getcwd, buffer, size)) < 0 ? NULL : buffer;
}

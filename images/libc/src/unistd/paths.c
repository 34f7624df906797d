#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../internal/syscall.h"

int unlink(const char *path) {
  return __syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, 0));
}

int rmdir(const char *path) {
  return __syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}

int mkdir(const char *path, mode_t mode) {
  return __syscall_ret(__syscall3(SYS_mkdirat, AT_FDCWD, path, mode));
}

int access(const char *path, int mode) {
  return __syscall_ret(__syscall3(SYS_faccessat, AT_FDCWD, path, mode));
}

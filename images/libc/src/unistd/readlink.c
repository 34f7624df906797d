#include <fcntl.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* rv32 has only readlinkat. The result is not NUL-terminated. */
ssize_t readlink(const char *restrict path, char *restrict buffer, size_t size) {
  return __syscall_ret(__syscall4(SYS_readlinkat, AT_FDCWD, path, buffer, size));
}

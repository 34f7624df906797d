#include <unistd.h>
#include "../internal/syscall.h"

/* The 64-bit length goes in two registers, low word first (rv32 has no alignment padding for syscall pairs). */
int truncate(const char *path, off_t length) {
  return __syscall_ret(__syscall3(SYS_truncate64, path, (long)length, (long)(length >> 32)));
}

int ftruncate(int fd, off_t length) {
  return __syscall_ret(__syscall3(SYS_ftruncate64, fd, (long)length, (long)(length >> 32)));
}

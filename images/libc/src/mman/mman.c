#include <errno.h>
#include <stdarg.h>
#include <sys/mman.h>
#include "../internal/syscall.h"

/* mmap2 takes the offset in 4096-byte units, whatever the page size. */
#define MMAP2_UNIT 4096

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
  if (offset < 0 || offset % MMAP2_UNIT || offset / MMAP2_UNIT > 0xffffffffLL) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return (void *)__syscall_ret(
      __syscall6(SYS_mmap2, (long)address, (long)length, protection, flags, fd, (long)(offset / MMAP2_UNIT)));
}

int munmap(void *address, size_t length) {
  return __syscall_ret(__syscall2(SYS_munmap, address, length));
}

void *mremap(void *address, size_t old_length, size_t new_length, int flags, ...) {
  void *new_address = 0;
  if (flags & MREMAP_FIXED) {
    va_list args;
    va_start(args, flags);
    new_address = va_arg(args, void *);
    va_end(args);
  }
  return (void *)__syscall_ret(__syscall5(SYS_mremap, address, old_length, new_length, flags, new_address));
}

int msync(void *address, size_t length, int flags) {
  return __syscall_ret(__syscall3(SYS_msync, address, length, flags));
}

int mprotect(void *address, size_t length, int protection) {
  return __syscall_ret(__syscall3(SYS_mprotect, address, length, protection));
}

int madvise(void *address, size_t length, int advice) {
  return __syscall_ret(__syscall3(SYS_madvise, address, length, advice));
}

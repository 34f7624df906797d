#include <unistd.h>
#include "../internal/syscall.h"

/* _llseek(fd, offset_high, offset_low, &result, whence): the 64-bit offset in two registers, the new position
 * written to memory because a 32-bit return value cannot hold it. */
off_t lseek(int fd, off_t offset, int whence) {
  off_t result;
  long error = __syscall5(SYS_llseek, fd, (long)(offset >> 32), (long)offset, &result, whence);
  return error ? __syscall_ret(error) : result;
}

#include <errno.h>
#include "../internal/syscall.h"

int errno;

long __syscall_ret(unsigned long result) {
  if (result > -4096UL) {
    errno = -(long)result;
    return -1;
  }
  return (long)result;
}

#include <errno.h>
#include "../internal/pthread_impl.h"

int *__errno_location(void) {
  return &__pthread_self()->errno_value;
}

long __syscall_ret(unsigned long result) {
  if (result > -4096UL) {
    errno = -(long)result;
    return -1;
  }
  return (long)result;
}

#include <sys/utsname.h>
#include "../internal/syscall.h"

int uname(struct utsname *out) {
  return __syscall_ret(__syscall1(SYS_uname, out));
}

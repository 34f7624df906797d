#include <sys/klog.h>
#include "../internal/syscall.h"

int klogctl(int type, char *buffer, int length) {
  return __syscall_ret(__syscall3(SYS_syslog, type, buffer, length));
}

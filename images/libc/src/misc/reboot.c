#include <sys/reboot.h>
#include "../internal/syscall.h"

/* LINUX_REBOOT_MAGIC1 and LINUX_REBOOT_MAGIC2 (include/uapi/linux/reboot.h). */
#define MAGIC1 0xfee1dead
#define MAGIC2 0x28121969

int reboot(int howto) {
  return __syscall_ret(__syscall3(SYS_reboot, MAGIC1, MAGIC2, howto));
}

#include <sys/ioctl.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* A terminal is what answers TCGETS. The kernel's struct termios: four 32-bit flag words, c_line, c_cc[19]. */
int isatty(int fd) {
  unsigned char termios[36];
  return __syscall_ret(__syscall3(SYS_ioctl, fd, TCGETS, termios)) == 0;
}

/* The program break. Without an MMU it lives at the bottom of the stack block and can only grow into the stack's
 * space (binfmt_elf_fdpic), so malloc uses mmap instead; these exist for programs that ask. */
#include <errno.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* The system call returns the new break, or the old one when it cannot move. */
int brk(void *end) {
  if (__syscall1(SYS_brk, end) != (long)end) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(intptr_t increment) {
  char *current = (char *)__syscall1(SYS_brk, 0);
  if (increment && brk(current + increment) < 0) return (void *)-1;
  return current;
}

/* Process-heavy: vfork, a child that exits at once, and waitpid, many times over: the cost of creating, switching
 * to, ending and reaping a process. (No execve: qemu-riscv32 cannot exec a RISC-V program without binfmt_misc.) */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "repetitions.h"

enum { CHILDREN = 200 };

int main(int argc, char **argv) {
  const int children = CHILDREN * (int)repetitions(argc, argv);
  uint32_t sum = 0;
  for (int child = 0; child < children; child++) {
    pid_t pid = vfork();
    if (pid == 0) _exit(child & 0x7f);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
      puts("processes: vfork or waitpid failed");
      return 1;
    }
    sum = sum * 31 + (uint32_t)WEXITSTATUS(status);
  }
  printf("processes checksum %08x\n", (unsigned)sum);
  return 0;
}

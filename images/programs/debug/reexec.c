/* The program the debugger's exec tests debug (debug/KernelCommands.test.ts, debug/gdbKernel.test.ts), kept with
 * its symbols. Without arguments it replaces itself with its own file (execve of argv[0]) given the argument
 * `again`: the kernel loads the new image while the old one still exists, so at another address, and a debugger
 * that kept the old symbols would break at the old main. The new image prints a line and exits with status 4. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "again") == 0) {
    printf("reexec: running again\n");
    return 4;
  }
  char *again[] = {argv[0], "again", NULL};
  char *no_environment[] = {NULL};
  execve(argv[0], again, no_environment);
  perror("reexec: execve");
  return 1;
}

#include <stdlib.h>
#include <unistd.h>
#include "../internal/pthread_impl.h"
#include "../internal/startup.h"

int main(int argc, char **argv, char **envp);

const unsigned long *__auxv;

/* Called by _start once the program is relocated. */
_Noreturn void __libc_start(long *stack) HIDDEN;

_Noreturn void __libc_start(long *stack) {
  // First of all: errno lives in the thread record.
  __pthread_init_main();
  int argc = (int)stack[0];
  char **argv = (char **)(stack + 1);
  environ = argv + argc + 1;
  __auxv = __auxv_of(stack);
  exit(main(argc, argv, environ));
}

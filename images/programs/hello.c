/* Echoes what the kernel put on the initial stack: the arguments and the environment. argv[0] is left out: it
 * is whatever path the runner chose. */
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv, char **envp) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  int count = 0;
  for (char **entry = envp; *entry; entry++) printf("envp[%d]=%s\n", count++, *entry);
  CHECK(argv[argc] == NULL);
  CHECK(environ == envp);
  return finish("hello");
}

/* Echoes what the kernel put on the initial stack: the arguments, and the environment in name order (qemu-riscv32
 * hands it over reversed). argv[0] is left out: it is whatever path the runner chose. */
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv, char **envp) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  size_t count = 0;
  while (envp[count]) count++;
  char **sorted = malloc((count + 1) * sizeof *sorted);
  memcpy(sorted, envp, (count + 1) * sizeof *sorted);
  qsort(sorted, count, sizeof *sorted, compare_strings);
  for (size_t i = 0; i < count; i++) printf("env: %s\n", sorted[i]);
  free(sorted);
  CHECK(argv[argc] == NULL);
  CHECK(environ == envp);
  return finish("hello");
}

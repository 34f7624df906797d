/* Writes its arguments and exits with the number of arguments: the smallest end-to-end check of the ABI. */
#include "sys.h"

int main(int argc, char **argv, char **envp) {
  (void)envp;
  put("hello from rv32\n");
  for (int i = 0; i < argc; i++) {
    put("argv[");
    put_dec(i);
    put("] = ");
    put(argv[i]);
    put("\n");
  }
  return argc - 1;
}

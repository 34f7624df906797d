/* uname: the system and the machine (the node name and release belong to the host under qemu-riscv32). */
#include <sys/utsname.h>
#include "check.h"

int main(void) {
  struct utsname name;
  CHECK_INT(uname(&name), 0);
  printf("sysname=%s machine=%s\n", name.sysname, name.machine);
  CHECK_STR(name.sysname, "Linux");
  CHECK_STR(name.machine, "riscv32");
  CHECK(name.release[0] >= '0' && name.release[0] <= '9');
  CHECK(name.nodename[0] != '\0');
  return finish("uname");
}

/* getrandom and AT_RANDOM: only lengths are checked (and that two draws differ), never the bytes. */
#include <errno.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include "check.h"

int main(void) {
  unsigned char first[64], second[64];
  CHECK_INT(getrandom(first, sizeof first, 0), 64);
  CHECK_INT(getrandom(second, sizeof second, GRND_NONBLOCK), 64);
  CHECK(memcmp(first, second, sizeof first) != 0);
  CHECK_INT(getrandom(first, 0, 0), 0);
  CHECK_INT(getrandom(first, 1, 0x100), -1);
  CHECK_INT(errno, EINVAL);
  // The kernel also gives every process 16 random bytes on its initial stack.
  CHECK(getauxval(AT_RANDOM) != 0);
  CHECK_INT(getauxval(AT_PAGESZ), 4096);
  printf("getrandom: 64 + 64 bytes, different\n");
  return finish("getrandom");
}

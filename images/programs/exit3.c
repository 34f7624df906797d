/* exit(3) from main: atexit handlers run last registered first, then the streams are written out (the output is
 * still in stdout's buffer when a pipe receives it), then the process ends with status 3. */
#include <stdlib.h>
#include "check.h"

static void first_registered(void) {
  printf("atexit: first registered, runs last\n");
  printf("exit3: ok\n");
}

static void second_registered(void) {
  printf("atexit: second registered, runs first\n");
}

int main(void) {
  CHECK_INT(atexit(first_registered), 0);
  CHECK_INT(atexit(second_registered), 0);
  printf("exit3: exiting with status 3\n");
  if (check_failures) return finish("exit3");
  exit(3);
}

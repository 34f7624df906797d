/* Absolute timeouts for the test programs' timed waits. */
#ifndef DEADLINE_H
#define DEADLINE_H

#include <time.h>

/* `ms` milliseconds from now on `clock`. */
static struct timespec in_ms(clockid_t clock, long ms) {
  struct timespec deadline;
  clock_gettime(clock, &deadline);
  deadline.tv_nsec += ms * 1000000;
  deadline.tv_sec += deadline.tv_nsec / 1000000000;
  deadline.tv_nsec %= 1000000000;
  return deadline;
}

#endif

#include <errno.h>
#include <time.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* Returns the error number itself, as POSIX specifies for clock_nanosleep. */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remaining) {
  return -__syscall4(SYS_clock_nanosleep_time64, clock, flags, request, remaining);
}

int nanosleep(const struct timespec *request, struct timespec *remaining) {
  return __syscall_ret(__syscall4(SYS_clock_nanosleep_time64, CLOCK_REALTIME, 0, request, remaining));
}

unsigned sleep(unsigned seconds) {
  struct timespec time = {.tv_sec = seconds};
  if (nanosleep(&time, &time) < 0) return (unsigned)time.tv_sec + (time.tv_nsec > 0);
  return 0;
}

int usleep(useconds_t microseconds) {
  struct timespec time = {.tv_sec = microseconds / 1000000, .tv_nsec = microseconds % 1000000 * 1000L};
  return nanosleep(&time, NULL);
}

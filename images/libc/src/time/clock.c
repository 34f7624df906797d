#include <limits.h>
#include <sys/time.h>
#include <time.h>
#include "../internal/syscall.h"

int clock_gettime(clockid_t clock, struct timespec *out) {
  return __syscall_ret(__syscall2(SYS_clock_gettime64, clock, out));
}

time_t time(time_t *out) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  if (out) *out = now.tv_sec;
  return now.tv_sec;
}

int gettimeofday(struct timeval *out, void *timezone) {
  (void)timezone;
  struct timespec now;
  if (!out) return 0;
  clock_gettime(CLOCK_REALTIME, &now);
  *out = (struct timeval){.tv_sec = now.tv_sec, .tv_usec = now.tv_nsec / 1000};
  return 0;
}

/* Processor time in microseconds; (clock_t)-1 when it no longer fits. */
clock_t clock(void) {
  struct timespec used;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used) < 0) return -1;
  long long microseconds = used.tv_sec * 1000000 + used.tv_nsec / 1000;
  return microseconds > LONG_MAX ? -1 : (clock_t)microseconds;
}

#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>

/* The kernel's struct __kernel_timespec has a 64-bit tv_nsec; on little-endian rv32 this layout matches it, and
 * the kernel ignores the padding word that holds tv_nsec's upper half. */
struct timespec {
  time_t tv_sec;
  long tv_nsec;
  long __padding;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7

#define TIMER_ABSTIME 1
#define CLOCKS_PER_SEC 1000000L

time_t time(time_t *out);
clock_t clock(void);
int clock_gettime(clockid_t clock, struct timespec *out);
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remaining);
int nanosleep(const struct timespec *request, struct timespec *remaining);

#endif

/* Clocks and sleeping through the time64 calls: the monotonic clock never goes back, sleeps last at least as
 * long as asked, the realtime clock agrees with time() and gettimeofday(). Only facts are printed, never
 * times. */
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long long nanoseconds(clockid_t clock) {
  struct timespec now;
  CHECK_INT(clock_gettime(clock, &now), 0);
  CHECK(now.tv_nsec >= 0 && now.tv_nsec < 1000000000);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(void) {
  long long previous = nanoseconds(CLOCK_MONOTONIC);
  int went_back = 0;
  for (int i = 0; i < 1000; i++) {
    long long now = nanoseconds(CLOCK_MONOTONIC);
    went_back += now < previous;
    previous = now;
  }
  CHECK_INT(went_back, 0);
  printf("monotonic clock: never went back in 1000 reads\n");

  long long before = nanoseconds(CLOCK_MONOTONIC);
  CHECK_INT(nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL), 0);
  long long slept = nanoseconds(CLOCK_MONOTONIC) - before;
  CHECK(slept >= 20000000);
  printf("nanosleep(20 ms): slept at least 20 ms\n");

  before = nanoseconds(CLOCK_MONOTONIC);
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_nsec += 10000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  CHECK_INT(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL), 0);
  CHECK(nanoseconds(CLOCK_MONOTONIC) - before >= 10000000);
  CHECK_INT(usleep(5000), 0);
  CHECK_INT(sleep(0), 0);
  printf("clock_nanosleep(TIMER_ABSTIME), usleep, sleep(0): ok\n");

  // The realtime clock is after 2020 (a time64 value read whole) and the three ways to read it agree.
  time_t seconds = time(NULL);
  struct timeval tv;
  CHECK_INT(gettimeofday(&tv, NULL), 0);
  long long realtime = nanoseconds(CLOCK_REALTIME) / 1000000000;
  CHECK(seconds > 1577836800);
  CHECK(tv.tv_sec >= seconds && tv.tv_sec - seconds <= 2);
  CHECK(realtime >= tv.tv_sec && realtime - tv.tv_sec <= 2);
  CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  printf("realtime clock: after 2020, time() and gettimeofday() agree\n");

  CHECK(nanoseconds(CLOCK_BOOTTIME) > 0);
  CHECK(clock() >= 0);
  CHECK(nanoseconds(CLOCK_PROCESS_CPUTIME_ID) >= 0);
  CHECK(nanoseconds(CLOCK_THREAD_CPUTIME_ID) >= 0);
  return finish("time");
}

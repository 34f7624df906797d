/* Timed waits while other tasks run: poll's timeout on a pipe fed by a child process that sleeps between writes,
 * a thread's FUTEX_WAIT (relative) and FUTEX_WAIT_BITSET (absolute) timeouts, nanosleep in both processes. Every
 * wait must last at least its timeout and end with the right result (0 from poll, ETIMEDOUT from the futex). It
 * prints what happened with the monotonic clock's readings, so that under `rvnommu run --deterministic` two runs
 * print the same lines (test/kernel/timeouts.test.ts). `timeouts child FD` is the child. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "deadline.h"
#include "futex_call.h"

/* Our libc has no poll(): the system call itself, ppoll_time64 with no signal mask. */
#define SYS_ppoll_time64 414
#define POLLIN 1
struct pollfd {
  int fd;
  short events;
  short revents;
};

static long ppoll(struct pollfd *entries, unsigned count, const struct timespec *timeout) {
  register long a7 __asm__("a7") = SYS_ppoll_time64;
  register long a0 __asm__("a0") = (long)entries;
  register long a1 __asm__("a1") = count;
  register long a2 __asm__("a2") = (long)timeout;
  register long a3 __asm__("a3") = 0;
  register long a4 __asm__("a4") = 8;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4) : "memory");
  return a0;
}

#define TICKS 3
#define TICK_MS 30
#define POLL_MS 7
#define FUTEX_MS 20

static long now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec delay = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
  CHECK_INT(nanosleep(&delay, NULL), 0);
}

static int child(int fd) {
  for (int tick = 0; tick < TICKS; tick++) {
    long before = now_ms();
    sleep_ms(TICK_MS);
    CHECK(now_ms() - before >= TICK_MS);
    char byte = (char)('0' + tick);
    CHECK_INT(write(fd, &byte, 1), 1);
  }
  return check_failures ? 1 : 0;
}

static volatile int never_woken;
static long futex_results[2];
static long futex_waited[2];

static void *futex_waiter(void *unused) {
  (void)unused;
  struct timespec relative = {.tv_nsec = FUTEX_MS * 1000000};
  long start = now_ms();
  futex_results[0] = futex(&never_woken, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &relative, NULL, 0);
  futex_waited[0] = now_ms() - start;
  start = now_ms();
  struct timespec deadline = in_ms(CLOCK_MONOTONIC, FUTEX_MS);
  futex_results[1] = futex(&never_woken, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
  futex_waited[1] = now_ms() - start;
  return NULL;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child")) return child(atoi(argv[2]));

  int fds[2];
  CHECK_INT(pipe(fds), 0);
  char fd_text[12];
  snprintf(fd_text, sizeof fd_text, "%d", fds[1]);
  char *child_argv[] = {argv[0], "child", fd_text, NULL};
  char *child_envp[] = {NULL};
  pid_t pid;
  CHECK_INT(posix_spawn(&pid, argv[0], NULL, NULL, child_argv, child_envp), 0);
  CHECK_INT(close(fds[1]), 0);

  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, futex_waiter, NULL), 0);

  long start = now_ms();
  int received = 0;
  for (;;) {
    struct pollfd entry = {fds[0], POLLIN, 0};
    struct timespec timeout = {.tv_nsec = POLL_MS * 1000000};
    long before = now_ms();
    long ready = ppoll(&entry, 1, &timeout);
    long after = now_ms();
    if (ready == 0) {
      CHECK(after - before >= POLL_MS);
      printf("%4ld ms: poll timed out\n", after - start);
      continue;
    }
    CHECK_INT(ready, 1);
    char byte;
    long got = read(fds[0], &byte, 1);
    if (got == 0) break;
    CHECK_INT(got, 1);
    CHECK_INT(byte, '0' + received);
    received++;
    printf("%4ld ms: tick %c from the child\n", after - start, byte);
  }
  CHECK_INT(received, TICKS);
  printf("%4ld ms: the child closed the pipe\n", now_ms() - start);

  CHECK_INT(pthread_join(thread, NULL), 0);
  const char *waits[] = {"FUTEX_WAIT", "FUTEX_WAIT_BITSET"};
  for (int i = 0; i < 2; i++) {
    CHECK_INT(futex_results[i], -ETIMEDOUT);
    CHECK(futex_waited[i] >= FUTEX_MS);
    printf("%s timed out after %ld ms\n", waits[i], futex_waited[i]);
  }

  int status;
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK_INT(status, 0);
  return finish("timeouts");
}

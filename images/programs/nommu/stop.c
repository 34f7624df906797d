/* Job control's signals: SIGSTOP and SIGTSTP stop a process (it runs no more), the parent sees the stop with
 * waitpid(WUNTRACED) and SIGCHLD (CLD_STOPPED), /proc shows state T, SIGCONT lets it run again (WCONTINUED), and
 * SIGKILL ends a stopped process. The child is this program again (vfork + execve), writing a byte to a pipe every
 * few milliseconds while it runs. Then a stop in the middle of nanosleep, a handled signal ending it, and the stop
 * of a process whose main thread has exited. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

static volatile int chld_code;

static void on_sigchld(int signal, siginfo_t *info, void *context) {
  (void)signal;
  (void)context;
  chld_code = info->si_code;
}

static void pause_ms(long ms) {
  struct timespec delay = {0};
  delay.tv_nsec = ms * 1000000L;
  nanosleep(&delay, NULL);
}

/* Whether the child wrote anything within `ms` milliseconds (the pipe is drained first). */
static int child_runs(int pipe_end, long ms) {
  char bytes[256];
  while (read(pipe_end, bytes, sizeof bytes) > 0) {
  }
  for (long waited = 0; waited < ms; waited += 5) {
    pause_ms(5);
    if (read(pipe_end, bytes, 1) == 1) return 1;
  }
  return 0;
}

static char proc_state(pid_t pid) {
  char path[32], stat[256];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY);
  int length = fd < 0 ? -1 : read(fd, stat, sizeof stat - 1);
  if (fd >= 0) close(fd);
  if (length <= 0) return '?';
  stat[length] = 0;
  char *close_paren = strrchr(stat, ')');
  return close_paren ? close_paren[2] : '?';
}

/* What a sleeping child saw of its nanosleep: how long it took, the time left it was told, its result. */
struct sleep_report {
  long long elapsed_ns, remaining_ns;
  int result, error;
};

#define SLEEP_NS 2000000000LL

static long long monotonic_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void on_sigusr1(int signal) {
  (void)signal;
}

/* The child of the sleep tests: says it is about to sleep, sleeps two seconds and reports through `out`. */
static _Noreturn void sleeper(int out, int with_handler) {
  if (with_handler) signal(SIGUSR1, on_sigusr1);
  struct timespec request = {0}, remaining = {0};
  request.tv_sec = SLEEP_NS / 1000000000LL;
  write(out, "s", 1);
  long long start = monotonic_ns();
  int result = nanosleep(&request, &remaining);
  struct sleep_report report = {monotonic_ns() - start, remaining.tv_sec * 1000000000LL + remaining.tv_nsec, result,
                                result ? errno : 0};
  write(out, &report, sizeof report);
  _exit(0);
}

/* Starts this program again in `role`, writing to a new pipe; returns the child, `*from` the pipe's read end. */
static pid_t start_self(const char *self, const char *role, int *from) {
  int ends[2];
  CHECK_INT(pipe(ends), 0);
  char number[16];
  snprintf(number, sizeof number, "%d", ends[1]);
  char *child_argv[] = {(char *)self, (char *)role, number, NULL};
  pid_t child = vfork();
  if (child == 0) {
    execve((const char *)getauxval(AT_EXECFN), child_argv, environ);
    _exit(127);
  }
  close(ends[1]);
  *from = ends[0];
  return child;
}

/* Starts this program as the sleeper and returns once it is about to sleep; `*from` is where its report comes. */
static pid_t start_sleeper(const char *self, int with_handler, int *from) {
  pid_t child = start_self(self, with_handler ? "sleeper-with-handler" : "sleeper", from);
  char byte;
  CHECK_INT(read(*from, &byte, 1), 1);
  return child;
}

static struct sleep_report finish_sleeper(pid_t child, int from) {
  struct sleep_report report = {0, 0, -2, 0};
  CHECK_INT(read(from, &report, sizeof report), sizeof report);
  close(from);
  int status;
  CHECK_INT(waitpid(child, &status, 0), child);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return report;
}

/* Stopped and continued while in nanosleep, a process sleeps on to the end it asked for: the stop neither ends
 * the sleep early nor starts it again (Linux restarts the call with what was left, restart_block). A signal with
 * a handler ends it with EINTR and the time left. The bounds are wide: only a restart of the whole two seconds
 * (at least 2.4 s here) or an early end can break them. */
static void sleep_across_stop(const char *self) {
  int from;
  pid_t child = start_sleeper(self, 0, &from);
  pause_ms(100);
  int status;
  CHECK_INT(kill(child, SIGSTOP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status));
  pause_ms(300);
  CHECK_INT(kill(child, SIGCONT), 0);
  struct sleep_report report = finish_sleeper(child, from);
  CHECK_INT(report.result, 0);
  CHECK(report.elapsed_ns >= SLEEP_NS);
  CHECK(report.elapsed_ns < SLEEP_NS + 350000000LL);
  printf("nanosleep: stopped and continued, slept to its end\n");

  child = start_sleeper(self, 1, &from);
  pause_ms(300);
  CHECK_INT(kill(child, SIGUSR1), 0);
  report = finish_sleeper(child, from);
  CHECK_INT(report.result, -1);
  CHECK_INT(report.error, EINTR);
  CHECK(report.remaining_ns > 0 && report.remaining_ns < SLEEP_NS - 250000000LL);
  // What was slept plus what is left is the whole request, give or take the time to enter and leave the call.
  CHECK(report.elapsed_ns + report.remaining_ns >= SLEEP_NS - 1000000LL);
  CHECK(report.elapsed_ns + report.remaining_ns < SLEEP_NS + 250000000LL);
  printf("nanosleep: interrupted by a handler, EINTR with the time left\n");
}

static _Noreturn void *write_forever(void *out) {
  for (;;) {
    write((int)(long)out, "x", 1);
    pause_ms(2);
  }
}

/* A process whose main thread has exited alone still stops and continues as a whole: its leader stays a zombie
 * until the last thread is gone, and the group stop holds the threads that remain. */
static void stop_without_leader(const char *self) {
  int from;
  pid_t child = start_self(self, "leaderless", &from);
  CHECK_INT(fcntl(from, F_SETFL, O_NONBLOCK), 0);
  CHECK(child_runs(from, 2000));
  // The leader's exit alone is no exit of the process.
  for (int waited = 0; waited < 2000 && proc_state(child) != 'Z'; waited += 5) pause_ms(5);
  CHECK_INT(proc_state(child), 'Z');
  int status = 0;
  CHECK_INT(waitpid(child, &status, WNOHANG), 0);

  CHECK_INT(kill(child, SIGSTOP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  CHECK(!child_runs(from, 100));
  CHECK_INT(kill(child, SIGCONT), 0);
  CHECK_INT(waitpid(child, &status, WCONTINUED), child);
  CHECK(WIFCONTINUED(status));
  CHECK(child_runs(from, 2000));
  CHECK_INT(kill(child, SIGKILL), 0);
  CHECK_INT(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  close(from);
  printf("leader exited alone: the other thread stopped and continued with the process\n");
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child")) write_forever((void *)(long)atoi(argv[2]));
  if (argc == 3 && !strcmp(argv[1], "leaderless")) {
    pthread_t writer;
    pthread_create(&writer, NULL, write_forever, (void *)(long)atoi(argv[2]));
    pthread_exit(NULL);
  }
  if (argc == 3 && !strncmp(argv[1], "sleeper", 7)) sleeper(atoi(argv[2]), !strcmp(argv[1], "sleeper-with-handler"));

  struct sigaction action = {0};
  action.sa_sigaction = on_sigchld;
  action.sa_flags = SA_SIGINFO;
  CHECK_INT(sigaction(SIGCHLD, &action, NULL), 0);
  int from;
  pid_t child = start_self(argv[0], "child", &from);
  CHECK_INT(fcntl(from, F_SETFL, O_NONBLOCK), 0);
  CHECK(child_runs(from, 2000));

  int status = 0;
  CHECK_INT(kill(child, SIGSTOP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  CHECK_INT(chld_code, CLD_STOPPED);
  CHECK_INT(proc_state(child), 'T');
  CHECK(!child_runs(from, 100));
  printf("SIGSTOP: stopped, state T, silent\n");

  // A stop is reported once; without WUNTRACED, waitpid does not see it.
  CHECK_INT(waitpid(child, &status, WNOHANG | WUNTRACED), 0);

  CHECK_INT(kill(child, SIGCONT), 0);
  CHECK_INT(waitpid(child, &status, WCONTINUED), child);
  CHECK(WIFCONTINUED(status));
  CHECK_INT(chld_code, CLD_CONTINUED);
  CHECK(child_runs(from, 2000));
  CHECK(proc_state(child) != 'T');
  printf("SIGCONT: running again\n");

  CHECK_INT(kill(child, SIGTSTP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTSTP);
  CHECK(!child_runs(from, 100));
  CHECK_INT(kill(child, SIGKILL), 0);
  CHECK_INT(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  printf("SIGTSTP, then SIGKILL while stopped\n");
  close(from);

  sleep_across_stop(argv[0]);
  stop_without_leader(argv[0]);
  return finish("stop");
}

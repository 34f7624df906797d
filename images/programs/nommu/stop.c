/* Job control's signals: SIGSTOP and SIGTSTP stop a process (it runs no more), the parent sees the stop with
 * waitpid(WUNTRACED) and SIGCHLD (CLD_STOPPED), /proc shows state T, SIGCONT lets it run again (WCONTINUED), and
 * SIGKILL ends a stopped process. The child is this program again (vfork + execve), writing a byte to a pipe every
 * few milliseconds while it runs. */
#include <errno.h>
#include <fcntl.h>
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

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "child")) {
    int out = atoi(argv[2]);
    for (;;) {
      write(out, "x", 1);
      pause_ms(2);
    }
  }

  struct sigaction action = {0};
  action.sa_sigaction = on_sigchld;
  action.sa_flags = SA_SIGINFO;
  CHECK_INT(sigaction(SIGCHLD, &action, NULL), 0);
  int ends[2];
  CHECK_INT(pipe(ends), 0);
  CHECK_INT(fcntl(ends[0], F_SETFL, O_NONBLOCK), 0);
  char number[16];
  snprintf(number, sizeof number, "%d", ends[1]);
  char *child_argv[] = {argv[0], "child", number, NULL};
  pid_t child = vfork();
  if (child == 0) {
    execve((const char *)getauxval(AT_EXECFN), child_argv, environ);
    _exit(127);
  }
  close(ends[1]);
  CHECK(child_runs(ends[0], 2000));

  int status = 0;
  CHECK_INT(kill(child, SIGSTOP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  CHECK_INT(chld_code, CLD_STOPPED);
  CHECK_INT(proc_state(child), 'T');
  CHECK(!child_runs(ends[0], 100));
  printf("SIGSTOP: stopped, state T, silent\n");

  // A stop is reported once; without WUNTRACED, waitpid does not see it.
  CHECK_INT(waitpid(child, &status, WNOHANG | WUNTRACED), 0);

  CHECK_INT(kill(child, SIGCONT), 0);
  CHECK_INT(waitpid(child, &status, WCONTINUED), child);
  CHECK(WIFCONTINUED(status));
  CHECK_INT(chld_code, CLD_CONTINUED);
  CHECK(child_runs(ends[0], 2000));
  CHECK(proc_state(child) != 'T');
  printf("SIGCONT: running again\n");

  CHECK_INT(kill(child, SIGTSTP), 0);
  CHECK_INT(waitpid(child, &status, WUNTRACED), child);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTSTP);
  CHECK(!child_runs(ends[0], 100));
  CHECK_INT(kill(child, SIGKILL), 0);
  CHECK_INT(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  printf("SIGTSTP, then SIGKILL while stopped\n");
  return finish("stop");
}

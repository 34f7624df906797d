/* system on posix_spawn of /bin/sh -c, as POSIX describes it: the caller ignores SIGINT and SIGQUIT and blocks
 * SIGCHLD while the command runs; the shell gets them back as they were. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHELL "/bin/sh"

int system(const char *command) {
  if (!command) return access(SHELL, X_OK) == 0;
  struct sigaction ignore = {.sa_handler = SIG_IGN}, old_interrupt, old_quit;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGINT, &ignore, &old_interrupt);
  sigaction(SIGQUIT, &ignore, &old_quit);
  sigset_t child_signal, old_mask;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child_signal, &old_mask);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  if (old_interrupt.sa_handler != SIG_IGN) sigaddset(&defaults, SIGINT);
  if (old_quit.sa_handler != SIG_IGN) sigaddset(&defaults, SIGQUIT);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &old_mask);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  char *argv[] = {"sh", "-c", (char *)command, NULL};
  pid_t pid;
  int status;
  int error = posix_spawn(&pid, SHELL, NULL, &attr, argv, environ);
  posix_spawnattr_destroy(&attr);
  if (error == 0) {
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) {
        status = -1;
        break;
      }
    }
  } else {
    // No shell to run the command: the status of a shell that could not be executed.
    status = 127 << 8;
  }
  sigaction(SIGINT, &old_interrupt, NULL);
  sigaction(SIGQUIT, &old_quit, NULL);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  return status;
}

/* Starting processes without an MMU: vfork, whose child runs in the parent's memory (so the parent sees what it
 * wrote) until it calls _exit or execve, then waitpid for exit statuses, death by a signal and WNOHANG.
 * Not portable: under qemu-riscv32 vfork is a fork, and the child's writes stay its own. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int shared_value;

/* Runs this program again as a child, in one of the modes main knows. */
static pid_t spawn(const char *mode, int input) {
  char parent[16];
  snprintf(parent, sizeof parent, "%d", getpid());
  char *argv[] = {"vfork", (char *)mode, parent, NULL};
  fflush(stdout);
  pid_t pid = vfork();
  if (pid == 0) {
    // The descriptor table is the child's own: only the memory is shared.
    if (input >= 0) dup2(input, STDIN_FILENO);
    execve((const char *)getauxval(AT_EXECFN), argv, environ);
    _exit(127);
  }
  return pid;
}

/* The exec'd child: checks its parent, then exits 5, or waits for its input to end and exits 9. */
static int child(const char *mode, const char *parent) {
  if (getppid() != atoi(parent)) return 1;
  if (!strcmp(mode, "exit-5")) {
    printf("child: running after execve\n");
    return 5;
  }
  char byte;
  while (read(STDIN_FILENO, &byte, 1) > 0) continue;
  return 9;
}

int main(int argc, char **argv) {
  if (argc == 3) return child(argv[1], argv[2]);
  int status;

  // The child writes the parent's memory, then _exit (not exit: that would flush the parent's streams).
  pid_t pid = vfork();
  if (pid == 0) {
    shared_value = 42;
    _exit(7);
  }
  CHECK(pid > 0);
  CHECK_INT(shared_value, 42);
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && !WIFSIGNALED(status));
  CHECK_INT(WEXITSTATUS(status), 7);
  printf("vfork: the parent sees %d written by the child, which exited %d\n", shared_value, WEXITSTATUS(status));

  pid = spawn("exit-5", -1);
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_INT(WEXITSTATUS(status), 5);
  printf("vfork + execve: the child exited %d\n", WEXITSTATUS(status));

  pid = vfork();
  if (pid == 0) {
    raise(SIGTERM);
    _exit(1);
  }
  CHECK_INT(wait(&status), pid);
  CHECK(WIFSIGNALED(status) && !WIFEXITED(status));
  CHECK_INT(WTERMSIG(status), SIGTERM);
  printf("vfork: the child was killed by signal %d\n", WTERMSIG(status));

  // A child blocked reading a pipe has not exited: WNOHANG returns at once; closing the pipe lets it finish.
  // (Close-on-exec, so that the child does not hold the write end itself.)
  int fds[2];
  CHECK_INT(pipe2(fds, O_CLOEXEC), 0);
  pid = spawn("wait-for-eof", fds[0]);
  close(fds[0]);
  pid_t running = waitpid(pid, &status, WNOHANG);
  CHECK_INT(running, 0);
  close(fds[1]);
  CHECK_INT(waitpid(-1, &status, 0), pid);
  CHECK_INT(WEXITSTATUS(status), 9);
  printf("waitpid: WNOHANG %s, then the child exited %d\n", running ? "found no child running" : "found it running",
         WEXITSTATUS(status));
  return finish("vfork");
}

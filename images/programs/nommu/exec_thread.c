/* execve from a thread that is not the process's first, as Linux's de_thread does it: every other thread (the
 * first one included) dies, and the exec'ing thread carries on as the process, under the process's pid (its
 * thread id becomes the pid), with the same parent, whose wait sees that pid end with the new image's status.
 * Not portable: under qemu-riscv32 the execve is the host's, which cannot run a RISC-V image, and vfork is a fork. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define EXECED_STATUS 7

static char pid_text[16];
static char parent_text[16];

static void exec_self(char **argv) {
  execve((const char *)getauxval(AT_EXECFN), argv, environ);
  _exit(127);
}

static void *exec_from_thread(void *unused) {
  (void)unused;
  char *argv[] = {"exec_thread", "execed", pid_text, parent_text, NULL};
  exec_self(argv);
  return NULL;
}

/* The child the parent started: its second thread execs while the first waits for it (for ever: the exec ends it). */
static int threaded(void) {
  snprintf(pid_text, sizeof pid_text, "%d", getpid());
  snprintf(parent_text, sizeof parent_text, "%d", getppid());
  pthread_t thread;
  if (pthread_create(&thread, NULL, exec_from_thread, NULL) != 0) return 126;
  pthread_join(thread, NULL);
  return 125;
}

/* The exec'd image, in the thread that exec'd: the process's pid and parent, and its thread id is the pid. */
static int execed(const char *pid, const char *parent) {
  if (getpid() != atoi(pid)) return 2;
  if (gettid() != getpid()) return 3;
  if (getppid() != atoi(parent)) return 4;
  return EXECED_STATUS;
}

int main(int argc, char **argv) {
  if (argc == 4 && !strcmp(argv[1], "execed")) return execed(argv[2], argv[3]);
  if (argc == 2 && !strcmp(argv[1], "threaded")) return threaded();

  char *child_argv[] = {"exec_thread", "threaded", NULL};
  fflush(stdout);
  pid_t pid = vfork();
  if (pid == 0) exec_self(child_argv);
  CHECK(pid > 0);
  int status = 0;
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_INT(WEXITSTATUS(status), EXECED_STATUS);
  printf("exec_thread: the child whose second thread exec'd exited %d under its own pid\n", WEXITSTATUS(status));
  // The killed first thread and the exec'ing thread's old id leave nothing else to wait for.
  CHECK_INT(waitpid(-1, &status, WNOHANG), -1);
  CHECK_INT(errno, ECHILD);
  return finish("exec_thread");
}

/* For the bench's host memory per guest process (bench/processMemory.ts), not a timed benchmark: `sleepers N`
 * starts N processes, each this program run again (vfork, execve of argv[0]) with the argument `sleep`, which
 * sleeps a second. Once all N are alive it writes "ready" (the bench measures then) and reaps them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "sleep") == 0) {
    struct timespec second = {.tv_sec = 1};
    nanosleep(&second, NULL);
    return 0;
  }
  int count = argc == 2 ? atoi(argv[1]) : 0;
  if (count < 1) {
    fputs("usage: sleepers N\n", stderr);
    return 2;
  }
  char *child_argv[] = {argv[0], "sleep", NULL};
  char *no_environment[] = {NULL};
  for (int i = 0; i < count; i++) {
    pid_t pid = vfork();
    if (pid == 0) {
      execve(argv[0], child_argv, no_environment);
      _exit(127);
    }
    if (pid < 0) {
      perror("sleepers: vfork");
      return 1;
    }
  }
  write(STDOUT_FILENO, "ready\n", 6);
  int status;
  int failed = 0;
  for (int i = 0; i < count; i++) {
    if (wait(&status) < 0 || status != 0) failed = 1;
  }
  return failed;
}

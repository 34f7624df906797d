/* What FDPIC is for: several processes run one copy of this program's text while each has its own data.
 *
 * Started without arguments, it starts COPIES copies of itself (argv "copy N"), which all run at once: each
 * stores N in a global, says where its text and that global are, and waits until every copy has done so. The
 * original then shows each copy's /proc/PID/maps and the system's /proc/maps while they are all alive, lets them
 * go, and each copy checks that its global still holds its own N. Run from a romfs on flash, every line has the
 * same text address (in the flash) and a different data address. The output has addresses in it on purpose: the
 * test reads them. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#define COPIES 3

static int value;
static const char *const names[] = {"zero", "one", "two", "three"};

static void show_file(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    perror(path);
    exit(1);
  }
  printf("== %s\n", path);
  char buffer[512];
  ssize_t count;
  fflush(stdout);
  while ((count = read(fd, buffer, sizeof buffer)) > 0) write(STDOUT_FILENO, buffer, (size_t)count);
  close(fd);
}

/* A copy: report, tell the original it is ready, wait for the go (end of file on `go`), check its data. */
static int run_copy(int number, int ready, int go) {
  value = number;
  printf("copy %d: pid=%d text=%p data=%p name=%s\n", number, getpid(), (void *)run_copy, (void *)&value, names[number]);
  fflush(stdout);
  write(ready, "r", 1);
  char byte;
  while (read(go, &byte, 1) > 0) {
  }
  if (value != number) {
    printf("copy %d: value changed to %d\n", number, value);
    return 1;
  }
  printf("copy %d: still %d\n", number, value);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && !strcmp(argv[1], "copy")) return run_copy(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));

  int ready[2], go[2];
  if (pipe(ready) || pipe(go)) {
    perror("pipe");
    return 1;
  }
  const char *self = (const char *)getauxval(AT_EXECFN);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, ready[0]);
  posix_spawn_file_actions_addclose(&actions, go[1]);
  char ready_fd[12], go_fd[12];
  snprintf(ready_fd, sizeof ready_fd, "%d", ready[1]);
  snprintf(go_fd, sizeof go_fd, "%d", go[0]);
  pid_t pids[COPIES];
  fflush(stdout);
  for (int i = 0; i < COPIES; i++) {
    char number[12];
    snprintf(number, sizeof number, "%d", i + 1);
    char *child_argv[] = {argv[0], "copy", number, ready_fd, go_fd, NULL};
    int error = posix_spawn(&pids[i], self, &actions, NULL, child_argv, NULL);
    if (error) {
      printf("posix_spawn: %s\n", strerror(error));
      return 1;
    }
  }
  close(ready[1]);
  close(go[0]);
  for (int i = 0; i < COPIES; i++) {
    char byte;
    if (read(ready[0], &byte, 1) != 1) {
      printf("a copy did not get ready\n");
      return 1;
    }
  }
  for (int i = 0; i < COPIES; i++) {
    char path[32];
    snprintf(path, sizeof path, "/proc/%d/maps", pids[i]);
    show_file(path);
  }
  show_file("/proc/maps");
  printf("== end\n");
  fflush(stdout);
  close(go[1]);
  int failed = 0;
  for (int i = 0; i < COPIES; i++) {
    int status;
    waitpid(pids[i], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed++;
  }
  printf("fdpic_share: %s\n", failed ? "failed" : "ok");
  return failed != 0;
}

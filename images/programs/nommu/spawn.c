/* Starting programs without fork, which a no-MMU kernel refuses (clone without CLONE_VM: EINVAL): posix_spawn
 * with file actions (open, close, dup2) and attributes (signal mask, default actions), its errors, posix_spawnp's
 * PATH search, system(), a chain of vfork + execve + waitpid, and a pipe between two spawned processes. Every
 * child is this program again, in a mode named by argv[1]; children never write to the inherited stdout, so the
 * output does not depend on who runs first.
 * Not portable: qemu-riscv32 hands execve to the host, which cannot run a RISC-V program without binfmt_misc. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define OUTPUT "/tmp/rvnommu-spawn-output"

static const char *self(void) {
  return (const char *)getauxval(AT_EXECFN);
}

/* Spawns this program in `mode` with up to two more arguments and waits for it: its exit status, or -1. */
static int run(const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, const char *mode,
               const char *argument) {
  char *argv[] = {"spawn", (char *)mode, (char *)argument, NULL};
  pid_t pid;
  int error = posix_spawn(&pid, self(), actions, attr, argv, environ);
  CHECK_INT(error, 0);
  if (error) return -1;
  int status;
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  return WEXITSTATUS(status);
}

static int read_file(const char *path, char *buffer, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int length = read(fd, buffer, size - 1);
  close(fd);
  buffer[length < 0 ? 0 : length] = 0;
  return length;
}

/* The children's modes. */
static int child(const char *mode, const char *argument) {
  if (!strcmp(mode, "status")) return atoi(argument);
  if (!strcmp(mode, "say")) {
    printf("%s\n", argument);
    return 0;
  }
  if (!strcmp(mode, "closed")) return fcntl(atoi(argument), F_GETFD) == -1 && errno == EBADF ? 0 : 1;
  if (!strcmp(mode, "open")) return fcntl(atoi(argument), F_GETFD) == 0 ? 0 : 1;
  if (!strcmp(mode, "upper")) {
    // A filter: stdin to stdout in capitals, until end of file.
    char byte;
    while (read(STDIN_FILENO, &byte, 1) == 1) {
      if (byte >= 'a' && byte <= 'z') byte -= 'a' - 'A';
      write(STDOUT_FILENO, &byte, 1);
    }
    return 0;
  }
  if (!strcmp(mode, "signals")) {
    // Bit 0: SIGUSR1 is blocked; bit 1: SIGUSR2 is ignored.
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    struct sigaction action;
    sigaction(SIGUSR2, NULL, &action);
    return sigismember(&mask, SIGUSR1) | (action.sa_handler == SIG_IGN) << 1;
  }
  if (!strcmp(mode, "chain")) {
    // Each link starts the next with vfork + execve and exits with its status plus one.
    int links = atoi(argument);
    if (links == 0) return 0;
    char next[8];
    snprintf(next, sizeof next, "%d", links - 1);
    char *argv[] = {"spawn", "chain", next, NULL};
    pid_t pid = vfork();
    if (pid == 0) {
      execve(self(), argv, environ);
      _exit(100);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 101;
    return WEXITSTATUS(status) + 1;
  }
  return 99;
}

static long raw_clone(unsigned long flags) {
  register long a7 __asm__("a7") = 220;
  register long a0 __asm__("a0") = (long)flags;
  register long a1 __asm__("a1") = 0;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
  return a0;
}

static void no_fork(void) {
  // fork's clone: a copy of the address space, which cannot be made without an MMU.
  CHECK_INT(raw_clone(SIGCHLD), -EINVAL);
  printf("spawn: fork refused with EINVAL\n");
}

static void exit_statuses_and_errors(void) {
  CHECK_INT(run(NULL, NULL, "status", "0"), 0);
  CHECK_INT(run(NULL, NULL, "status", "42"), 42);
  char *argv[] = {"missing", NULL};
  pid_t pid = -5;
  CHECK_INT(posix_spawn(&pid, "/nonexistent/program", NULL, NULL, argv, environ), ENOENT);
  CHECK_INT(pid, -5);
  // The child that failed to exec has been reaped already.
  CHECK_INT(waitpid(-1, NULL, WNOHANG), -1);
  CHECK_INT(errno, ECHILD);
  printf("spawn: exit statuses 0 and 42, ENOENT for a missing program\n");
}

static void file_actions(void) {
  posix_spawn_file_actions_t actions;
  CHECK_INT(posix_spawn_file_actions_init(&actions), 0);
  CHECK_INT(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, OUTPUT, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
  CHECK_INT(posix_spawn_file_actions_addclose(&actions, -1), EBADF);
  CHECK_INT(run(&actions, NULL, "say", "written by the child"), 0);
  posix_spawn_file_actions_destroy(&actions);
  char buffer[64];
  CHECK_INT(read_file(OUTPUT, buffer, sizeof buffer), 21);
  CHECK_STR(buffer, "written by the child\n");

  int kept = open(OUTPUT, O_RDONLY);
  char number[8];
  snprintf(number, sizeof number, "%d", kept);
  CHECK_INT(run(NULL, NULL, "open", number), 0);
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, kept);
  CHECK_INT(run(&actions, NULL, "closed", number), 0);
  posix_spawn_file_actions_destroy(&actions);

  // dup2 of a descriptor onto itself keeps it open across execve even if it was close-on-exec.
  fcntl(kept, F_SETFD, FD_CLOEXEC);
  CHECK_INT(run(NULL, NULL, "closed", number), 0);
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, kept, kept);
  CHECK_INT(run(&actions, NULL, "open", number), 0);
  posix_spawn_file_actions_destroy(&actions);
  CHECK_INT(fcntl(kept, F_GETFD), FD_CLOEXEC);
  close(kept);

  // A failing action is posix_spawn's error.
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 5, "/nonexistent/file", O_RDONLY, 0);
  char *argv[] = {"spawn", "status", "0", NULL};
  pid_t pid;
  CHECK_INT(posix_spawn(&pid, self(), &actions, NULL, argv, environ), ENOENT);
  posix_spawn_file_actions_destroy(&actions);
  unlink(OUTPUT);
  printf("spawn: file actions open, close and dup2\n");
}

static void attributes(void) {
  posix_spawnattr_t attr;
  CHECK_INT(posix_spawnattr_init(&attr), 0);
  CHECK_INT(posix_spawnattr_setflags(&attr, 0x4000), EINVAL);
  signal(SIGUSR2, SIG_IGN);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  // Without attributes the child inherits the mask and the ignored signal.
  sigprocmask(SIG_BLOCK, &usr1, NULL);
  CHECK_INT(run(NULL, NULL, "signals", NULL), 3);
  sigprocmask(SIG_UNBLOCK, &usr1, NULL);
  CHECK_INT(run(NULL, NULL, "signals", NULL), 2);

  CHECK_INT(posix_spawnattr_setsigmask(&attr, &usr1), 0);
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  CHECK_INT(posix_spawnattr_setsigdefault(&attr, &usr2), 0);
  CHECK_INT(posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF), 0);
  short flags;
  posix_spawnattr_getflags(&attr, &flags);
  CHECK_INT(flags, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  CHECK_INT(run(NULL, &attr, "signals", NULL), 1);
  posix_spawnattr_destroy(&attr);
  signal(SIGUSR2, SIG_DFL);
  printf("spawn: signal mask and default actions from the attributes\n");
}

/* Two children joined by a pipe: one says a line into it, the other turns it into capitals in a file. */
static void pipeline(void) {
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  posix_spawn_file_actions_t writer, reader;
  posix_spawn_file_actions_init(&writer);
  posix_spawn_file_actions_adddup2(&writer, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&writer, fds[0]);
  posix_spawn_file_actions_addclose(&writer, fds[1]);
  posix_spawn_file_actions_init(&reader);
  posix_spawn_file_actions_adddup2(&reader, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&reader, fds[0]);
  posix_spawn_file_actions_addclose(&reader, fds[1]);
  posix_spawn_file_actions_addopen(&reader, STDOUT_FILENO, OUTPUT, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char *say[] = {"spawn", "say", "through a pipe", NULL};
  char *upper[] = {"spawn", "upper", NULL};
  pid_t first, second;
  CHECK_INT(posix_spawn(&first, self(), &writer, NULL, say, environ), 0);
  CHECK_INT(posix_spawn(&second, self(), &reader, NULL, upper, environ), 0);
  // The reader sees end of file only once every write end is closed, the parent's too.
  close(fds[0]);
  close(fds[1]);
  int status;
  CHECK_INT(waitpid(first, &status, 0), first);
  CHECK_INT(status, 0);
  CHECK_INT(waitpid(second, &status, 0), second);
  CHECK_INT(status, 0);
  posix_spawn_file_actions_destroy(&writer);
  posix_spawn_file_actions_destroy(&reader);
  char buffer[64];
  read_file(OUTPUT, buffer, sizeof buffer);
  CHECK_STR(buffer, "THROUGH A PIPE\n");
  unlink(OUTPUT);
  printf("spawn: pipeline output \"%.14s\"\n", buffer);
}

static void shell(void) {
  // With a shell (Linux under qemu) the command runs; without one (rvnommu has none) it is as if the shell
  // could not be executed.
  int have_shell = access("/bin/sh", X_OK) == 0;
  CHECK_INT(system(NULL), have_shell);
  int status = system("exit 3");
  CHECK(WIFEXITED(status));
  CHECK_INT(WEXITSTATUS(status), have_shell ? 3 : 127);
  // system() leaves the caller's SIGINT action and signal mask as they were.
  struct sigaction action;
  sigaction(SIGINT, NULL, &action);
  CHECK(action.sa_handler == SIG_DFL);
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  CHECK(!sigismember(&mask, SIGCHLD));
}

/* Copies this program's ELF to `path` with `mode`: 0 or -1. */
static int copy_self(const char *path, mode_t mode) {
  int in = open(self(), O_RDONLY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  char chunk[4096];
  int length, result = in < 0 || out < 0 ? -1 : 0;
  while (result == 0 && (length = read(in, chunk, sizeof chunk)) > 0) {
    if (write(out, chunk, length) != length) result = -1;
  }
  close(in);
  close(out);
  return result;
}

#define SEARCH_A "/tmp/rvnommu-spawnp-a"
#define SEARCH_B "/tmp/rvnommu-spawnp-b"

/* posix_spawnp searches the caller's PATH as execvp does: a directory whose file cannot be executed (EACCES) does
 * not stop the search, and is the error when nothing else is found. */
static void path_search(void) {
  mkdir(SEARCH_A, 0755);
  mkdir(SEARCH_B, 0755);
  CHECK_INT(copy_self(SEARCH_A "/spawn-again", 0644), 0);
  CHECK_INT(copy_self(SEARCH_B "/spawn-again", 0755), 0);
  CHECK_INT(copy_self(SEARCH_A "/spawn-unrunnable", 0644), 0);
  char *saved_path = getenv("PATH");
  CHECK_INT(setenv("PATH", "/nonexistent-rvnommu:" SEARCH_A ":" SEARCH_B, 1), 0);
  // The child's environment has no PATH: the search is done with the caller's.
  char *child_env[] = {"RVNOMMU=1", NULL};
  char *argv[] = {"spawn", "status", "7", NULL};
  pid_t pid = -5;
  CHECK_INT(posix_spawnp(&pid, "spawn-again", NULL, NULL, argv, child_env), 0);
  int status;
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
  // A name with a slash is a path, searched nowhere.
  CHECK_INT(posix_spawnp(&pid, SEARCH_B "/spawn-again", NULL, NULL, argv, child_env), 0);
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
  pid = -5;
  CHECK_INT(posix_spawnp(&pid, "spawn-unrunnable", NULL, NULL, argv, child_env), EACCES);
  CHECK_INT(posix_spawnp(&pid, "spawn-missing", NULL, NULL, argv, child_env), ENOENT);
  CHECK_INT(posix_spawnp(&pid, "", NULL, NULL, argv, child_env), ENOENT);
  CHECK_INT(pid, -5);
  CHECK_INT(waitpid(-1, NULL, WNOHANG), -1);
  if (saved_path) setenv("PATH", saved_path, 1);
  unlink(SEARCH_A "/spawn-again");
  unlink(SEARCH_B "/spawn-again");
  unlink(SEARCH_A "/spawn-unrunnable");
  rmdir(SEARCH_A);
  rmdir(SEARCH_B);
  printf("spawn: posix_spawnp found the program in the third PATH directory\n");
}

static void vfork_chain(void) {
  CHECK_INT(run(NULL, NULL, "chain", "4"), 4);
  printf("spawn: a chain of 4 vfork + execve + waitpid links\n");
}

int main(int argc, char **argv) {
  if (argc > 1) return child(argv[1], argc > 2 ? argv[2] : "");
  no_fork();
  exit_statuses_and_errors();
  file_actions();
  attributes();
  pipeline();
  shell();
  path_search();
  vfork_chain();
  return finish("spawn");
}

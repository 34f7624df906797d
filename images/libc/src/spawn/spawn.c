/* posix_spawn on vfork. The child runs in the parent's memory on the parent's stack until execve, so it does
 * nothing but the requested actions, in a function of its own that never returns. Whether execve worked comes
 * back through a close-on-exec pipe: end of file means it did, otherwise the child writes its errno. The pipe
 * (not shared memory) carries it because under an MMU vfork may be a plain fork, as it is in qemu-user. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../internal/exec.h"
#include "../internal/syscall.h"
#include "spawn_impl.h"

/* Both returns run the rest of the caller: the compiler must keep nothing it needs across the call in memory
 * the child could change. */
pid_t vfork(void) __attribute__((returns_twice));

struct spawn_request {
  /* execve, or __execvpe for posix_spawnp. */
  int (*exec)(const char *path, char *const argv[], char *const envp[]);
  const char *path;
  const posix_spawn_file_actions_t *actions;
  const posix_spawnattr_t *attr;
  char *const *argv;
  char *const *envp;
  const sigset_t *parent_mask;
  int report;
};

/* One file action; the report descriptor moves out of the way first if the action is about to take its number.
 * 0 or an errno. */
static int run_action(const struct __spawn_action *action, int *report) {
  if (action->fd == *report) {
    int moved = fcntl(*report, F_DUPFD_CLOEXEC, 0);
    if (moved < 0) return errno;
    *report = moved;
  }
  switch (action->kind) {
  case ACTION_OPEN: {
    int fd = open(action->path, action->flags, action->mode);
    if (fd < 0) return errno;
    if (fd == action->fd) return 0;
    int result = dup2(fd, action->fd);
    close(fd);
    return result < 0 ? errno : 0;
  }
  case ACTION_CLOSE:
    return close(action->fd) < 0 ? errno : 0;
  default:
    // dup2 onto itself would do nothing: POSIX wants the descriptor to survive the exec.
    if (action->source == action->fd) {
      int flags = fcntl(action->fd, F_GETFD);
      return flags < 0 || fcntl(action->fd, F_SETFD, flags & ~FD_CLOEXEC) < 0 ? errno : 0;
    }
    return dup2(action->source, action->fd) < 0 ? errno : 0;
  }
}

/* Caught signals go back to their default action before the mask opens: a handler must not run in the child,
 * on the parent's stack. */
static int reset_signals(const posix_spawnattr_t *attr) {
  struct sigaction default_action = {.sa_handler = SIG_DFL};
  sigemptyset(&default_action.sa_mask);
  for (int signal = 1; signal < NSIG; signal++) {
    struct sigaction current;
    if (sigaction(signal, NULL, &current) < 0) continue;
    int set_default = attr && (attr->__flags & POSIX_SPAWN_SETSIGDEF) && sigismember(&attr->__default, signal);
    if (!set_default && (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN)) continue;
    if (sigaction(signal, &default_action, NULL) < 0) return errno;
  }
  return 0;
}

static __attribute__((noinline)) _Noreturn void run_child(const struct spawn_request *request) {
  int report = request->report;
  const posix_spawnattr_t *attr = request->attr;
  int error = reset_signals(attr);
  if (!error && attr && (attr->__flags & POSIX_SPAWN_SETPGROUP)) {
    long result = __syscall2(SYS_setpgid, 0, attr->__process_group);
    if (result < 0) error = (int)-result;
  }
  const posix_spawn_file_actions_t *actions = request->actions;
  for (int i = 0; !error && actions && i < actions->__count; i++) error = run_action(&actions->__actions[i], &report);
  if (!error) {
    int own_mask = attr && (attr->__flags & POSIX_SPAWN_SETSIGMASK);
    sigprocmask(SIG_SETMASK, own_mask ? &attr->__mask : request->parent_mask, NULL);
    request->exec(request->path, request->argv, request->envp);
    error = errno;
  }
  write(report, &error, sizeof error);
  _exit(127);
}

static int spawn(pid_t *pid, int (*exec)(const char *, char *const[], char *const[]), const char *path,
                 const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[],
                 char *const envp[]) {
  sigset_t all, parent_mask;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &parent_mask);
  int report[2];
  if (pipe2(report, O_CLOEXEC) < 0) {
    int error = errno;
    sigprocmask(SIG_SETMASK, &parent_mask, NULL);
    return error;
  }
  struct spawn_request request = {exec, path, actions, attr, argv, envp, &parent_mask, report[1]};
  pid_t child = vfork();
  if (child == 0) run_child(&request);
  int error = child < 0 ? errno : 0;
  close(report[1]);
  if (child > 0) {
    int child_error;
    if (read(report[0], &child_error, sizeof child_error) == sizeof child_error) {
      error = child_error;
      waitpid(child, NULL, 0);
    } else if (pid) {
      *pid = child;
    }
  }
  close(report[0]);
  sigprocmask(SIG_SETMASK, &parent_mask, NULL);
  return error;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  return spawn(pid, execve, path, actions, attr, argv, envp);
}

/* The search uses the caller's PATH, not one in `envp`: the child runs in the caller's memory until execve. */
int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  return spawn(pid, __execvpe, file, actions, attr, argv, envp);
}

/* Running commands. Every process starts with vfork and execve: the child shares the shell's memory until it
 * execs, so everything it needs (arguments, environment, redirection targets) is prepared by the parent, and the
 * child only makes system calls. A builtin that must run in a process of its own (in a pipeline or in the
 * background) runs in a new shell: this program again, as `sh -c '"$@"' sh ARGS...`. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

extern char **environ;

struct target {
  int fd;
  enum redirect_kind kind;
  const char *path; /* expanded; for REDIRECT_DUP the descriptor or "-" */
};

/* One command of a pipeline, expanded. */
struct prepared {
  const char **argv;
  int argc;
  const char **assignments;
  int assignment_count;
  struct target *targets;
  int target_count;
  builtin_fn builtin;
};

/* NAME=... with an unquoted, valid NAME. */
static bool is_assignment(const char *word) {
  const char *equals = strchr(word, '=');
  return equals && var_valid_name(word, equals - word);
}

/* Expands the command; false if an expansion failed. */
static bool prepare(const struct command *command, struct prepared *out) {
  *out = (struct prepared){0};
  shell.expansion_failed = false;
  const char **words = command->words;
  int count = 0;
  while (words[count] && is_assignment(words[count])) count++;
  out->assignments = arena_alloc((count + 1) * sizeof *out->assignments);
  for (int i = 0; i < count; i++) {
    const char *equals = strchr(words[i], '=');
    struct buffer assignment = {0};
    buffer_append(&assignment, words[i], equals - words[i] + 1);
    const char *value = expand_single(equals + 1);
    buffer_append(&assignment, value, strlen(value));
    out->assignments[i] = buffer_finish(&assignment);
  }
  out->assignment_count = count;
  int capacity = 0;
  out->argv = NULL;
  for (int i = count; words[i]; i++) out->argc = expand_word(words[i], &out->argv, out->argc, &capacity);
  if (out->argc) out->builtin = builtin_find(out->argv[0]);

  for (struct redirect *r = command->redirects; r; r = r->next) out->target_count++;
  out->targets = arena_alloc(out->target_count * sizeof *out->targets + 1);
  int n = 0;
  for (struct redirect *r = command->redirects; r; r = r->next)
    out->targets[n++] = (struct target){r->fd, r->kind, expand_single(r->word)};
  return !shell.expansion_failed;
}

/* A message from a vfork child: straight to fd 2, leaving the shell's stdio state alone. */
static void child_error(const char *name, const char *problem) {
  const char *parts[] = {"sh: ", name, ": ", problem, "\n"};
  for (int i = 0; i < 5; i++) write(2, parts[i], strlen(parts[i]));
}

/* Opens the targets onto their descriptors; false (with a message) on the first that fails. */
static bool redirect(const struct target *targets, int count, bool in_child) {
  for (int i = 0; i < count; i++) {
    const struct target *t = &targets[i];
    int fd;
    if (t->kind == REDIRECT_DUP) {
      if (strcmp(t->path, "-") == 0) {
        close(t->fd);
        continue;
      }
      char *end;
      fd = strtol(t->path, &end, 10);
      if (*end || end == t->path || fcntl(fd, F_GETFD) < 0) {
        if (in_child) child_error(t->path, "bad file descriptor");
        else sh_error("%s: bad file descriptor", t->path);
        return false;
      }
      if (fd != t->fd) dup2(fd, t->fd);
      continue;
    }
    int flags = t->kind == REDIRECT_IN       ? O_RDONLY
                : t->kind == REDIRECT_APPEND ? O_WRONLY | O_CREAT | O_APPEND
                                             : O_WRONLY | O_CREAT | O_TRUNC;
    fd = open(t->path, flags, 0666);
    if (fd < 0) {
      if (in_child) child_error(t->path, strerror(errno));
      else sh_error("%s: %s", t->path, strerror(errno));
      return false;
    }
    if (fd != t->fd) {
      dup2(fd, t->fd);
      close(fd);
    }
  }
  return true;
}

/* Redirections around a builtin that runs in the shell itself: the shell's descriptors are saved above 9. */
struct saved_fds {
  int fd[10];
  int copy[10];
  int count;
};

static void save_fds(const struct prepared *p, struct saved_fds *saved) {
  saved->count = 0;
  for (int i = 0; i < p->target_count && saved->count < 10; i++) {
    int fd = p->targets[i].fd;
    saved->fd[saved->count] = fd;
    saved->copy[saved->count++] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  }
}

static void restore_fds(struct saved_fds *saved) {
  fflush(stdout);
  for (int i = saved->count - 1; i >= 0; i--) {
    if (saved->copy[i] < 0) {
      close(saved->fd[i]);
    } else {
      dup2(saved->copy[i], saved->fd[i]);
      close(saved->copy[i]);
    }
  }
}

static int run_in_shell(const struct prepared *p) {
  for (int i = 0; i < p->assignment_count; i++) {
    const char *equals = strchr(p->assignments[i], '=');
    var_set(arena_strndup(p->assignments[i], equals - p->assignments[i]), equals + 1, false);
  }
  struct saved_fds saved;
  save_fds(p, &saved);
  int status = 1;
  if (redirect(p->targets, p->target_count, false)) status = p->builtin ? p->builtin(p->argc, (char **)p->argv) : 0;
  restore_fds(&saved);
  return status;
}

static void set_signal(int number, sighandler_t handler) {
  struct sigaction action = {.sa_handler = handler};
  sigaction(number, &action, NULL);
}

struct stage {
  int input, output; /* pipe ends for fds 0 and 1, or -1 */
  pid_t pgid;
  bool background;
};

/* In the vfork child: join the job's process group, connect the pipes, redirect, exec. */
static void __attribute__((noreturn)) child(const struct prepared *p, char **exec_argv, const struct stage *stage) {
  if (shell.job_control) {
    setpgid(0, stage->pgid);
    if (!stage->background) tcsetpgrp(0, stage->pgid ? stage->pgid : getpid());
  }
  // The shell's own dispositions (an interactive shell ignores job-control stops and catches SIGINT).
  static const int reset[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
  for (unsigned i = 0; i < sizeof reset / sizeof reset[0]; i++) set_signal(reset[i], SIG_DFL);
  if (stage->background && !shell.job_control) {
    // Without job control, the terminal's interrupt reaches every process of the shell's group.
    set_signal(SIGINT, SIG_IGN);
    set_signal(SIGQUIT, SIG_IGN);
    int null = open("/dev/null", O_RDONLY);
    if (null > 0) {
      dup2(null, 0);
      close(null);
    }
  }
  if (stage->input >= 0) dup2(stage->input, 0);
  if (stage->output >= 0) dup2(stage->output, 1);
  if (!redirect(p->targets, p->target_count, true)) _exit(1);
  if (exec_argv) execve(shell.path, exec_argv, environ);
  else execvp(p->argv[0], (char **)p->argv);
  int error = errno;
  child_error(exec_argv ? shell.path : p->argv[0], error == ENOENT ? "not found" : strerror(error));
  _exit(error == ENOENT ? 127 : 126);
}

/* The text as one raw word that expands back to itself. */
static char *single_quoted(const char *text) {
  struct buffer quoted = {0};
  buffer_add(&quoted, '\'');
  for (const char *c = text; *c; c++) {
    if (*c == '\'') buffer_append(&quoted, "'\\''", 4);
    else buffer_add(&quoted, *c);
  }
  buffer_add(&quoted, '\'');
  return buffer_finish(&quoted);
}

/* argv for running a builtin (or a command of assignments and redirections only) in a new shell. */
static char **shell_argv(const struct prepared *p) {
  char **argv = arena_alloc((p->argc + 6) * sizeof *argv);
  int n = 0;
  argv[n++] = "sh";
  argv[n++] = "-c";
  argv[n++] = p->argc ? "\"$@\"" : ":";
  argv[n++] = "sh";
  for (int i = 0; i < p->argc; i++) argv[n++] = (char *)p->argv[i];
  return argv;
}

static int run_pipeline(const struct pipeline *pipeline, bool background, const char *text) {
  int count = pipeline->count;
  struct prepared *prepared = arena_alloc(count * sizeof *prepared);
  for (int i = 0; i < count; i++)
    if (!prepare(&pipeline->commands[i], &prepared[i])) return 1;
  if (count == 1 && !background && (prepared[0].builtin || prepared[0].argc == 0)) return run_in_shell(&prepared[0]);

  struct job *job = job_new(text, count, background);
  fflush(stdout);
  int previous = -1;
  for (int i = 0; i < count; i++) {
    const struct prepared *p = &prepared[i];
    int fds[2] = {-1, -1};
    if (i < count - 1 && pipe2(fds, O_CLOEXEC) < 0) {
      sh_error("pipe: %s", strerror(errno));
      break;
    }
    char **exec_argv = p->builtin || p->argc == 0 ? shell_argv(p) : NULL;
    struct stage stage = {previous, fds[1], job->pgid, background};
    char **environment = var_environment(p->assignments, p->assignment_count, exec_argv != NULL);
    // The child execs with the environment through execvp, which reads environ; the parent waits meanwhile.
    char **saved = environ;
    environ = environment;
    pid_t pid = vfork();
    if (pid == 0) child(p, exec_argv, &stage);
    environ = saved;
    if (previous >= 0) close(previous);
    if (fds[1] >= 0) close(fds[1]);
    previous = fds[0];
    if (pid < 0) {
      sh_error("vfork: %s", strerror(errno));
      break;
    }
    job->processes[i].pid = pid;
    if (!job->pgid) job->pgid = pid;
    if (shell.job_control) setpgid(pid, job->pgid);
  }
  if (previous >= 0) close(previous);
  // Slots of processes that never started count as failed and finished.
  for (int i = 0; i < count; i++) {
    if (job->processes[i].pid) continue;
    job->processes[i].done = true;
    job->processes[i].status = 1 << 8;
  }
  if (background) {
    shell.last_background = job->processes[count - 1].pid;
    if (shell.interactive) fprintf(stderr, "[%d] %d\n", job->id, shell.last_background);
    return 0;
  }
  return job_foreground(job, false);
}

/* A background and-or list of more than one pipeline runs as a whole in a new shell, as `eval TEXT`. */
static int run_background_list(const struct and_or *item) {
  struct command command = {.words = arena_alloc(3 * sizeof(char *))};
  command.words[0] = "eval";
  command.words[1] = single_quoted(item->text);
  struct pipeline pipeline = {.commands = &command, .count = 1};
  return run_pipeline(&pipeline, true, item->text);
}

int run_list(const struct list *list) {
  for (int i = 0; i < list->count; i++) {
    const struct and_or *item = &list->items[i];
    if (item->background) {
      shell.status = item->count == 1 ? run_pipeline(&item->pipelines[0], true, item->text)
                                      : run_background_list(item);
      continue;
    }
    for (int j = 0; j < item->count; j++) {
      if (item->connectors[j] == CONNECT_AND && shell.status != 0) continue;
      if (item->connectors[j] == CONNECT_OR && shell.status == 0) continue;
      shell.status = run_pipeline(&item->pipelines[j], false, item->text);
    }
  }
  return shell.status;
}

char *command_output(const char *text) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) {
    sh_error("pipe: %s", strerror(errno));
    return "";
  }
  // The child shell gets the positional parameters too.
  char **argv = arena_alloc((shell.argc + 5) * sizeof *argv);
  argv[0] = "sh";
  argv[1] = "-c";
  argv[2] = (char *)text;
  argv[3] = (char *)shell.name;
  for (int i = 0; i < shell.argc; i++) argv[4 + i] = shell.argv[i];
  char **environment = var_environment(NULL, 0, true);
  fflush(stdout);
  pid_t pid = vfork();
  if (pid < 0) sh_error("vfork: %s", strerror(errno));
  if (pid == 0) {
    dup2(fds[1], 1);
    execve(shell.path, argv, environment);
    child_error(shell.path, strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  struct buffer output = {0};
  char chunk[256];
  for (;;) {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer_append(&output, chunk, n);
  }
  close(fds[0]);
  if (pid > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
    shell.status = status_code(status);
  }
  while (output.length && output.data[output.length - 1] == '\n') output.data[--output.length] = '\0';
  return buffer_finish(&output);
}

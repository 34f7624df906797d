/* Builtins: the commands that must change the shell itself, plus echo, true, false and : for speed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

static int builtin_cd(int argc, char **argv) {
  const char *target = argc > 1 ? argv[1] : var_get("HOME");
  if (!target) target = "/";
  bool back = strcmp(target, "-") == 0;
  if (back) {
    target = var_get("OLDPWD");
    if (!target) {
      sh_error("cd: OLDPWD not set");
      return 1;
    }
  }
  if (chdir(target) < 0) {
    sh_error("cd: %s: %s", target, strerror(errno));
    return 1;
  }
  char cwd[PATH_SIZE];
  const char *old = var_get("PWD");
  if (old) var_set("OLDPWD", old, false);
  if (getcwd(cwd, sizeof cwd)) var_set("PWD", cwd, false);
  if (back) printf("%s\n", cwd);
  return 0;
}

static int builtin_pwd(int argc, char **argv) {
  (void)argc, (void)argv;
  char cwd[PATH_SIZE];
  if (!getcwd(cwd, sizeof cwd)) {
    sh_error("pwd: %s", strerror(errno));
    return 1;
  }
  printf("%s\n", cwd);
  return 0;
}

static int builtin_exit(int argc, char **argv) {
  shell_exit(argc > 1 ? atoi(argv[1]) & 0xff : shell.status);
}

static int builtin_export(int argc, char **argv) {
  if (argc == 1) {
    var_print_exports();
    return 0;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    char *equals = strchr(argv[i], '=');
    size_t length = equals ? (size_t)(equals - argv[i]) : strlen(argv[i]);
    if (!var_valid_name(argv[i], length)) {
      sh_error("export: %s: bad variable name", argv[i]);
      status = 1;
      continue;
    }
    char *name = arena_strndup(argv[i], length);
    if (equals) var_set(name, equals + 1, true);
    else var_export(name);
  }
  return status;
}

static int builtin_unset(int argc, char **argv) {
  for (int i = 1; i < argc; i++) var_unset(argv[i]);
  return 0;
}

static int builtin_echo(int argc, char **argv) {
  bool newline = !(argc > 1 && strcmp(argv[1], "-n") == 0);
  for (int i = newline ? 1 : 2; i < argc; i++) {
    if (i > (newline ? 1 : 2)) putchar(' ');
    fputs(argv[i], stdout);
  }
  if (newline) putchar('\n');
  // A failed write is this echo's failure only: the stream must not stay in error for the next builtin.
  int status = fflush(stdout) == 0 ? 0 : 1;
  clearerr(stdout);
  return status;
}

static int builtin_true(int argc, char **argv) {
  (void)argc, (void)argv;
  return 0;
}

static int builtin_false(int argc, char **argv) {
  (void)argc, (void)argv;
  return 1;
}

static int builtin_source(int argc, char **argv) {
  if (argc < 2) {
    sh_error("%s: filename argument required", argv[0]);
    return 2;
  }
  int status = run_file(argv[1]);
  return status < 0 ? 1 : status;
}

static int builtin_eval(int argc, char **argv) {
  struct buffer text = {0};
  for (int i = 1; i < argc; i++) {
    if (i > 1) buffer_add(&text, ' ');
    buffer_append(&text, argv[i], strlen(argv[i]));
  }
  return run_text(buffer_finish(&text));
}

static int builtin_shift(int argc, char **argv) {
  int count = argc > 1 ? atoi(argv[1]) : 1;
  if (count < 0 || count > shell.argc) {
    sh_error("shift: can't shift that many");
    return 1;
  }
  shell.argv += count;
  shell.argc -= count;
  return 0;
}

static int builtin_jobs(int argc, char **argv) {
  (void)argc, (void)argv;
  jobs_print();
  return 0;
}

static struct job *job_argument(int argc, char **argv) {
  struct job *job = job_find(argc > 1 ? argv[1] : NULL);
  if (!job) sh_error("%s: %s: no such job", argv[0], argc > 1 ? argv[1] : "current");
  return job;
}

static int builtin_fg(int argc, char **argv) {
  struct job *job = job_argument(argc, argv);
  if (!job) return 1;
  printf("%s\n", job->text);
  fflush(stdout);
  return job_foreground(job, true);
}

static int builtin_bg(int argc, char **argv) {
  struct job *job = job_argument(argc, argv);
  return job ? job_background(job) : 1;
}

static int builtin_wait(int argc, char **argv) {
  if (argc == 1) return jobs_wait_all();
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct job *job = job_find(argv[i]);
    if (!job) {
      sh_error("wait: %s: no such job", argv[i]);
      status = 127;
      continue;
    }
    status = job_wait(job);
    // wait PID is the status of that process, not the job's last.
    if (argv[i][0] != '%') {
      pid_t pid = atoi(argv[i]);
      for (int j = 0; j < job->count; j++) {
        if (job->processes[j].pid != pid) continue;
        status = status_code(job->processes[j].status);
      }
    }
    if (job_done(job)) job_forget(job);
  }
  return status;
}

static const struct {
  const char *name;
  builtin_fn run;
} builtins[] = {
    {".", builtin_source},     {":", builtin_true},      {"bg", builtin_bg},         {"cd", builtin_cd},
    {"echo", builtin_echo},    {"eval", builtin_eval},   {"exit", builtin_exit},     {"export", builtin_export},
    {"false", builtin_false},  {"fg", builtin_fg},       {"jobs", builtin_jobs},     {"pwd", builtin_pwd},
    {"shift", builtin_shift},  {"source", builtin_source}, {"true", builtin_true},  {"unset", builtin_unset},
    {"wait", builtin_wait},
};

builtin_fn builtin_find(const char *name) {
  for (unsigned i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strcmp(builtins[i].name, name) == 0) return builtins[i].run;
  return NULL;
}

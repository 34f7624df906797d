/* sh: a small POSIX-style shell for a no-MMU system. Usage: sh [-i] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]].
 * Without -c or a file it reads commands from stdin, one byte at a time so that a command reading the same stdin
 * gets the rest; it prompts (PS1, PS2 on stderr) when stdin is a terminal, or with -i. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "sh.h"

struct shell shell;

struct input {
  int fd;           /* read a line at a time from here, or from text when -1 */
  const char *text;
  bool interrupted; /* SIGINT cut the line short */
};

void sh_error(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fflush(stdout);
  fputs("sh: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
}

void shell_exit(int status) {
  exit(status);
}

/* The next line with its newline, NULL at the end (or on an interrupt, noted in the input). */
static char *read_line(struct input *in) {
  if (in->fd < 0) {
    if (!*in->text) return NULL;
    size_t length = strcspn(in->text, "\n");
    if (in->text[length] == '\n') length++;
    char *line = arena_strndup(in->text, length);
    in->text += length;
    return line;
  }
  struct buffer line = {0};
  for (;;) {
    char c;
    ssize_t n = read(in->fd, &c, 1);
    if (n < 0 && errno == EINTR) {
      if (!shell.interrupted) continue;
      shell.interrupted = 0;
      in->interrupted = true;
      return NULL;
    }
    if (n <= 0) return line.length ? buffer_finish(&line) : NULL;
    buffer_add(&line, c);
    if (c == '\n') return buffer_finish(&line);
  }
}

static void prompt(const char *variable, const char *fallback) {
  if (!shell.interactive) return;
  const char *text = var_get(variable);
  fputs(text ? text : fallback, stderr);
}

/* Reads, parses and runs input units until the input ends; returns $?. */
static int run_input(struct input *in) {
  for (;;) {
    size_t mark = arena_mark();
    jobs_reap(shell.interactive);
    struct buffer unit = {0};
    struct list list;
    enum parse_result result = PARSE_OK;
    prompt("PS1", "$ ");
    for (;;) {
      char *line = read_line(in);
      if (!line && in->interrupted) {
        // ^C at the prompt abandons the line.
        in->interrupted = false;
        fputc('\n', stderr);
        unit = (struct buffer){0};
        prompt("PS1", "$ ");
        continue;
      }
      if (!line) {
        if (unit.length) {
          sh_error("syntax error: unexpected end of file");
          shell.status = 2;
        }
        arena_release(mark);
        return shell.status;
      }
      buffer_append(&unit, line, strlen(line));
      result = parse(unit.data, &list);
      if (result != PARSE_INCOMPLETE) break;
      prompt("PS2", "> ");
    }
    if (result == PARSE_OK) {
      run_list(&list);
    } else {
      shell.status = 2;
      if (!shell.interactive) {
        arena_release(mark);
        return shell.status;
      }
    }
    arena_release(mark);
  }
}

int run_text(const char *text) {
  struct input in = {.fd = -1, .text = text};
  return run_input(&in);
}

int run_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sh_error("%s: %s", path, strerror(errno));
    return -1;
  }
  char *text = NULL;
  size_t length = 0, capacity = 0;
  for (;;) {
    if (length + 512 > capacity) {
      capacity = capacity ? capacity * 2 : 4096;
      char *grown = realloc(text, capacity + 1);
      if (!grown) {
        sh_error("%s: out of memory", path);
        free(text);
        close(fd);
        return -1;
      }
      text = grown;
    }
    ssize_t n = read(fd, text + length, capacity - length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    length += n;
  }
  close(fd);
  text[length] = '\0';
  int status = run_text(text);
  free(text);
  return status;
}

static void on_interrupt(int number) {
  (void)number;
  shell.interrupted = 1;
}

static void set_signal(int number, sighandler_t handler) {
  // No SA_RESTART: ^C must cut short the read of a command line.
  struct sigaction action = {.sa_handler = handler};
  sigaction(number, &action, NULL);
}

/* Interactive: ^C interrupts the line, not the shell; with a terminal that has process groups, each job gets
 * its own and the terminal follows the foreground one. */
static void setup_interactive(void) {
  set_signal(SIGINT, on_interrupt);
  set_signal(SIGQUIT, SIG_IGN);
  if (tcgetpgrp(0) < 0) return;
  set_signal(SIGTSTP, SIG_IGN);
  set_signal(SIGTTIN, SIG_IGN);
  set_signal(SIGTTOU, SIG_IGN);
  setpgid(0, 0);
  shell.pgid = getpgrp();
  shell.job_control = tcsetpgrp(0, shell.pgid) == 0;
  if (!shell.job_control) {
    set_signal(SIGTSTP, SIG_DFL);
    set_signal(SIGTTIN, SIG_DFL);
    set_signal(SIGTTOU, SIG_DFL);
  }
}

/* This program's absolute path, for running builtins and $( ) in a new shell after a cd. */
static const char *own_path(const char *argv0) {
  const char *path = (const char *)getauxval(AT_EXECFN);
  if (!path) path = argv0;
  if (path[0] == '/') return path;
  static char absolute[PATH_SIZE];
  if (!getcwd(absolute, sizeof absolute - strlen(path) - 2)) return path;
  strcat(strcmp(absolute, "/") ? strcat(absolute, "/") : absolute, path);
  return absolute;
}

int main(int argc, char **argv) {
  extern char **environ;
  shell.pid = getpid();
  shell.pgid = getpgrp();
  shell.path = own_path(argv[0]);
  shell.name = argv[0];
  var_import(environ);
  if (!var_get("PATH")) var_set("PATH", "/bin:/sbin:/usr/bin", true);

  int first = 1;
  bool force_interactive = first < argc && strcmp(argv[first], "-i") == 0;
  if (force_interactive) first++;
  if (first < argc && strcmp(argv[first], "-c") == 0) {
    if (first + 1 >= argc) {
      sh_error("-c: option requires an argument");
      return 2;
    }
    if (first + 2 < argc) shell.name = argv[first + 2];
    shell.argc = argc > first + 3 ? argc - first - 3 : 0;
    shell.argv = argv + first + 3;
    return run_text(argv[first + 1]);
  }
  if (first < argc) {
    shell.name = argv[first];
    shell.argc = argc - first - 1;
    shell.argv = argv + first + 1;
    int status = run_file(argv[first]);
    return status < 0 ? 127 : status;
  }
  shell.interactive = force_interactive || (isatty(0) && isatty(2));
  if (shell.interactive) setup_interactive();
  struct input in = {.fd = 0};
  return run_input(&in);
}

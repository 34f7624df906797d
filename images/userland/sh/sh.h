/* The shell's shared declarations. A command line is parsed into a tree of raw words (quotes still in place),
 * allocated from an arena that lives until the line has run; words are expanded only when their command runs, so
 * that `A=1; echo $A` sees the assignment. */
#ifndef SH_H
#define SH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Room for a path name (Linux's PATH_MAX). */
#define PATH_SIZE 4096

/* Arena: every allocation lives until arena_reset. Nested runs (". file") keep the outer line's allocations. */
void *arena_alloc(size_t size);
char *arena_strndup(const char *text, size_t length);
size_t arena_mark(void);
void arena_release(size_t mark);

/* A growable byte string in the arena. */
struct buffer {
  char *data;
  size_t length, capacity;
};
void buffer_add(struct buffer *buffer, char c);
void buffer_append(struct buffer *buffer, const char *text, size_t length);
char *buffer_finish(struct buffer *buffer);

enum redirect_kind { REDIRECT_IN, REDIRECT_OUT, REDIRECT_APPEND, REDIRECT_DUP };
struct redirect {
  int fd;
  enum redirect_kind kind;
  const char *word; /* raw; for REDIRECT_DUP the descriptor to copy, or "-" to close */
  struct redirect *next;
};

struct command {
  const char **words; /* raw words, NULL-terminated */
  struct redirect *redirects;
};

struct pipeline {
  struct command *commands;
  int count;
};

enum connector { CONNECT_NONE, CONNECT_AND, CONNECT_OR };
struct and_or {
  struct pipeline *pipelines;
  enum connector *connectors; /* connectors[i] joins pipelines[i - 1] and pipelines[i] */
  int count;
  bool background;
  const char *text; /* the source, for the job list and for running it in a child shell */
};

struct list {
  struct and_or *items;
  int count;
};

enum parse_result { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR };
/* Parses a whole input unit; PARSE_INCOMPLETE when a quote, backslash or operator wants another line. */
enum parse_result parse(const char *input, struct list *out);
/* From an opening `open` to after its matching `close`, skipping quoted text; NULL if it never closes. */
const char *scan_nested(const char *p, char open, char close);

/* Variables. */
const char *var_get(const char *name);
void var_set(const char *name, const char *value, bool export);
void var_export(const char *name);
void var_unset(const char *name);
bool var_valid_name(const char *name, size_t length);
/* Takes the environment's variables as exported ones, except those a parent shell passed as its own
 * (see var_environment). */
void var_import(char **environment);
/* The exported variables with `assignments` ("NAME=value" strings) on top, as an execve environment. For a child
 * shell (`for_shell`) the unexported variables too, named in UNEXPORTED_VARIABLES so that it keeps them to itself. */
char **var_environment(const char **assignments, int count, bool for_shell);
void var_print_exports(void);

/* Shell state. */
struct shell {
  int status;          /* $? */
  pid_t pid;             /* $$ */
  pid_t last_background; /* $! */
  bool interactive;
  bool job_control;
  pid_t pgid;          /* the shell's own process group, given the terminal back after each job */
  const char *path;    /* absolute path of this shell's executable, to run builtins in a child */
  const char *name;    /* $0 */
  int argc;            /* positional parameters $1... */
  char **argv;
  volatile int interrupted; /* SIGINT arrived */
  bool expansion_failed;    /* a bad ${...} or $((...)): the command does not run */
};
extern struct shell shell;

/* Expansion: a raw word to its fields (parameter expansion, arithmetic, quote removal, field splitting). */
int expand_word(const char *raw, const char ***fields, int count, int *capacity);
/* The sorted paths a pattern matches (quoted characters escaped with a backslash); how many. */
int glob_expand(const char *pattern, const char ***names);
/* One field, no splitting: assignment values and redirection targets. */
char *expand_single(const char *raw);
/* $(command): runs the text in a child shell and returns its output without trailing newlines. */
char *command_output(const char *text);
/* $(( )) arithmetic; false with a message on a syntax error. */
bool arithmetic(const char *expression, long *value);

/* Running. */
int run_list(const struct list *list);
int run_text(const char *text); /* parse and run a complete input unit */
int run_file(const char *path); /* "." and script files */
void shell_exit(int status) __attribute__((noreturn));

/* Jobs. */
struct process {
  pid_t pid;
  int status;
  bool done, stopped;
};
struct job {
  int id;
  pid_t pgid;
  char *text;
  int count;
  struct process *processes;
  bool background;
  struct job *next;
};
struct job *job_new(const char *text, int count, bool background);
void job_forget(struct job *job);
/* Waits until the job is done or stopped; returns its status as $? shows it. */
int job_wait(struct job *job);
int job_status(const struct job *job);
/* A wait status as $? shows it: the exit code, or 128 + the signal that killed or stopped the process. */
int status_code(int status);
bool job_done(const struct job *job);
/* Collects finished children without blocking; interactive shells report finished background jobs. */
void jobs_reap(bool report);
struct job *job_find(const char *spec);
void jobs_print(void);
int job_foreground(struct job *job, bool resume);
int job_background(struct job *job);
int jobs_wait_all(void);
struct job *job_by_pid(pid_t pid);

/* Builtins: argc/argv after expansion. */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);

/* Diagnostics on stderr, prefixed "sh: ". */
void sh_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* POSIX's minimum ATEXIT_MAX. */
#define MAX_HANDLERS 32

static void (*handlers[MAX_HANDLERS])(void);
static int handler_count;

int atexit(void (*function)(void)) {
  if (handler_count == MAX_HANDLERS) return -1;
  handlers[handler_count++] = function;
  return 0;
}

/* Handlers run last registered first, and may themselves call atexit. Then every stream is written out. */
_Noreturn void exit(int status) {
  while (handler_count) handlers[--handler_count]();
  fflush(NULL);
  _exit(status);
}

/* The process dies of SIGABRT even if the signal is caught or blocked: the handler may return, and then the
 * default action is restored and the signal raised again. */
_Noreturn void abort(void) {
  raise(SIGABRT);
  signal(SIGABRT, SIG_DFL);
  sigset_t abort_only;
  sigemptyset(&abort_only);
  sigaddset(&abort_only, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &abort_only, NULL);
  raise(SIGABRT);
  _exit(127);
}

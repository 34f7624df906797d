/* Signals sent to ourselves: handlers with and without SA_SIGINFO (the return goes through rt_sigreturn, set up
 * by the kernel), SIG_IGN, blocking with sigprocmask until the signal is let through, SA_RESETHAND. The
 * handler's sa_mask is not checked: qemu-riscv32 misplaces it (see the libc's sigaction). */
#include <signal.h>
#include <unistd.h>
#include "check.h"

/* si_code of a signal sent with tkill (raise). */
#define SI_TKILL (-6)

static volatile sig_atomic_t received, last_signal, last_code;

static void handler(int number) {
  received++;
  last_signal = number;
}

static void info_handler(int number, siginfo_t *info, void *context) {
  (void)context;
  received++;
  last_signal = number;
  last_code = info->si_code == SI_TKILL && info->si_signo == number;
}

int main(void) {
  // A plain handler; signal() returns the previous one.
  CHECK(signal(SIGUSR1, handler) == SIG_DFL);
  CHECK(signal(SIGUSR1, handler) == handler);
  CHECK_INT(raise(SIGUSR1), 0);
  CHECK_INT(received, 1);
  CHECK_INT(last_signal, SIGUSR1);
  // Handlers stay installed: a second signal runs it again.
  CHECK_INT(kill(getpid(), SIGUSR1), 0);
  CHECK_INT(received, 2);
  printf("SIGUSR1 handled twice\n");

  // SA_SIGINFO: the handler learns how the signal came.
  struct sigaction action = {.sa_sigaction = info_handler, .sa_flags = SA_SIGINFO};
  CHECK_INT(sigaction(SIGUSR2, &action, NULL), 0);
  CHECK_INT(raise(SIGUSR2), 0);
  CHECK_INT(received, 3);
  CHECK_INT(last_signal, SIGUSR2);
  CHECK_INT(last_code, 1);
  struct sigaction current;
  CHECK_INT(sigaction(SIGUSR2, NULL, &current), 0);
  CHECK(current.sa_sigaction == info_handler && (current.sa_flags & SA_SIGINFO));
  printf("SIGUSR2 handled with siginfo (SI_TKILL)\n");

  // Ignored: nothing happens.
  CHECK(signal(SIGUSR1, SIG_IGN) == handler);
  CHECK_INT(raise(SIGUSR1), 0);
  CHECK_INT(received, 3);

  // Blocked: the signal waits until it is unblocked, then is delivered once.
  signal(SIGUSR1, handler);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  CHECK_INT(sigprocmask(SIG_BLOCK, &block, &old), 0);
  CHECK_INT(sigismember(&old, SIGUSR1), 0);
  CHECK_INT(raise(SIGUSR1), 0);
  CHECK_INT(raise(SIGUSR1), 0);
  CHECK_INT(received, 3);
  sigset_t now;
  CHECK_INT(sigprocmask(SIG_SETMASK, NULL, &now), 0);
  CHECK_INT(sigismember(&now, SIGUSR1), 1);
  CHECK_INT(sigprocmask(SIG_UNBLOCK, &block, NULL), 0);
  CHECK_INT(received, 4);
  printf("blocked SIGUSR1 delivered once when unblocked\n");

  // SA_RESETHAND: the first delivery puts back the default action.
  action = (struct sigaction){.sa_handler = handler, .sa_flags = SA_RESETHAND};
  CHECK_INT(sigaction(SIGUSR1, &action, NULL), 0);
  CHECK_INT(raise(SIGUSR1), 0);
  CHECK_INT(received, 5);
  CHECK_INT(sigaction(SIGUSR1, NULL, &current), 0);
  CHECK(current.sa_handler == SIG_DFL);

  // SIGCHLD's default action is to do nothing.
  CHECK_INT(raise(SIGCHLD), 0);
  CHECK_INT(kill(getpid(), 0), 0);
  return finish("signals");
}

/*
 * Signal delivery against the real rv32 Linux ABI: struct sigaction without sa_restorer, the rt_sigframe
 * (siginfo, then ucontext with the registers at uc_mcontext), rt_sigreturn, masks and pending sets.
 * The SIGSEGV handler skips the faulting load by advancing the saved pc, which only works if the frame layout
 * is exactly Linux's.
 */
#include "sys.h"

#define SYS_kill 129
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigpending 136
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SA_SIGINFO 4
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1

struct kernel_sigaction {
  void (*handler)(int, void *, void *);
  unsigned long flags;
  uint32_t mask[2];
};

/* Offset of uc_mcontext (sc_regs.pc first) in struct ucontext on rv32. */
#define UC_MCONTEXT 160

static volatile int last_signal;
static volatile int last_code;
static volatile int last_pid;
static volatile uint32_t last_addr;
static volatile int deliveries;

static void on_signal(int signal, void *info, void *context) {
  (void)context;
  const int32_t *fields = info;
  last_signal = signal;
  last_code = fields[2];
  last_pid = fields[3];
  last_addr = (uint32_t)fields[3];
  deliveries++;
}

static void on_segv(int signal, void *info, void *context) {
  on_signal(signal, info, context);
  uint32_t *pc = (uint32_t *)((char *)context + UC_MCONTEXT);
  *pc += 4; /* skip the faulting instruction */
}

static long install(int signal, void (*handler)(int, void *, void *)) {
  struct kernel_sigaction action = {handler, SA_SIGINFO, {0, 0}};
  return syscall6(SYS_rt_sigaction, signal, (long)&action, 0, 8, 0, 0);
}

static void mask(int how, int signal) {
  uint32_t set[2] = {1u << (signal - 1), 0};
  syscall6(SYS_rt_sigprocmask, how, (long)set, 0, 8, 0, 0);
}

int main(int argc, char **argv, char **envp) {
  (void)argc, (void)argv, (void)envp;
  long pid = syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);

  put("install SIGUSR1: ");
  put_dec(install(SIGUSR1, on_signal));
  put("\nkill(self, SIGUSR1): ");
  put_dec(syscall6(SYS_kill, pid, SIGUSR1, 0, 0, 0, 0));
  put("\nhandler saw signal ");
  put_dec(last_signal);
  put(", si_code ");
  put_dec(last_code);
  put(last_pid == pid ? ", si_pid is ours\n" : ", si_pid is wrong\n");

  install(SIGSEGV, on_segv);
  volatile uint32_t *bad = (volatile uint32_t *)0x10;
  (void)*bad;
  put("after the fault: signal ");
  put_dec(last_signal);
  put(", si_addr ");
  put_hex(last_addr);
  put("\n");

  install(SIGUSR2, on_signal);
  mask(SIG_BLOCK, SIGUSR2);
  int before = deliveries;
  syscall6(SYS_kill, pid, SIGUSR2, 0, 0, 0, 0);
  uint32_t pending[2] = {0, 0};
  syscall6(SYS_rt_sigpending, (long)pending, 8, 0, 0, 0, 0);
  put("blocked SIGUSR2 delivered: ");
  put_dec(deliveries - before);
  put(", pending set ");
  put_hex(pending[0]);
  mask(SIG_UNBLOCK, SIGUSR2);
  put("\nafter unblocking: delivered ");
  put_dec(deliveries - before);
  put(", signal ");
  put_dec(last_signal);
  put("\nsignals: ok\n");
  return 0;
}

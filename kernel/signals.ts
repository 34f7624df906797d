/** Linux signal numbers (asm-generic, as on RISC-V). */
export enum Signal {
  SIGHUP = 1,
  SIGINT = 2,
  SIGQUIT = 3,
  SIGILL = 4,
  SIGTRAP = 5,
  SIGABRT = 6,
  SIGBUS = 7,
  SIGFPE = 8,
  SIGKILL = 9,
  SIGUSR1 = 10,
  SIGSEGV = 11,
  SIGUSR2 = 12,
  SIGPIPE = 13,
  SIGALRM = 14,
  SIGTERM = 15,
  SIGSTKFLT = 16,
  SIGCHLD = 17,
  SIGCONT = 18,
  SIGSTOP = 19,
  SIGTSTP = 20,
  SIGTTIN = 21,
  SIGTTOU = 22,
  SIGURG = 23,
  SIGXCPU = 24,
  SIGXFSZ = 25,
  SIGVTALRM = 26,
  SIGPROF = 27,
  SIGWINCH = 28,
  SIGIO = 29,
  SIGPWR = 30,
  SIGSYS = 31,
}

export const NSIG = 64;

export function signalName(signal: number): string {
  return Signal[signal] ?? (signal >= 32 && signal <= NSIG ? `SIGRT${signal - 32}` : `signal ${signal}`);
}

/** Signals whose default action is to do nothing (the rest terminate, stop or continue). */
const DEFAULT_IGNORED = new Set<number>([Signal.SIGCHLD, Signal.SIGURG, Signal.SIGWINCH, Signal.SIGCONT]);
const DEFAULT_STOPS = new Set<number>([Signal.SIGSTOP, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU]);

/** SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU: by default they stop the process until SIGCONT. */
export function defaultActionStops(signal: number): boolean {
  return DEFAULT_STOPS.has(signal);
}

export function defaultActionTerminates(signal: number): boolean {
  return !DEFAULT_IGNORED.has(signal) && !DEFAULT_STOPS.has(signal);
}

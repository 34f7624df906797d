/**
 * The remote protocol numbers signals GDB's own way (gdb/signals.def), not the target's: Linux's SIGBUS (7) is
 * GDB's 10, SIGUSR1 (10) is 30, and so on. gdbserver translates both ways; so do we, for the kernel's tasks.
 */
const LINUX_TO_GDB: Readonly<Record<number, number>> = {
  1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 10, 8: 8, 9: 9, 10: 30, 11: 11, 12: 31, 13: 13, 14: 14, 15: 15,
  17: 20, 18: 19, 19: 17, 20: 18, 21: 21, 22: 22, 23: 16, 24: 24, 25: 25, 26: 26, 27: 27, 28: 28, 29: 23,
  30: 32, 31: 12,
};
/** GDB's "unknown signal", for Linux signals it has no name for (SIGSTKFLT, real-time signals). */
const GDB_SIGNAL_UNKNOWN = 143;

const GDB_TO_LINUX: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(LINUX_TO_GDB).map(([linux, gdb]) => [gdb, Number(linux)]),
);

export function gdbSignalFromLinux(signal: number): number {
  return LINUX_TO_GDB[signal] ?? GDB_SIGNAL_UNKNOWN;
}

/** The Linux signal for a GDB signal number; undefined for signals Linux does not have. */
export function linuxSignalFromGdb(signal: number): number | undefined {
  return GDB_TO_LINUX[signal];
}

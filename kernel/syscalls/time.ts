import { Errno } from '../errno.js';
import { block } from '../WaitQueue.js';
import type { SyscallContext, SyscallTable } from './types.js';

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const CLOCK_MONOTONIC_RAW = 4;
const CLOCK_REALTIME_COARSE = 5;
const CLOCK_MONOTONIC_COARSE = 6;
const CLOCK_BOOTTIME = 7;
const TIMER_ABSTIME = 1;
const NSEC_PER_SEC = 1_000_000_000;

/** Current value of a clock in nanoseconds (as a double: exact to well below a microsecond for decades). */
export function clockNow(ctx: SyscallContext, clock: number): number | undefined {
  const sinceBoot = ctx.kernel.sinceBoot() * 1e6;
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return ctx.kernel.sources.realtime() * 1e6;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return sinceBoot;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      // One instruction per 100 ns of CPU time at the 10 MHz timebase would be arbitrary; the time spent running
      // since boot is the honest upper bound we know.
      return sinceBoot;
    default:
      return undefined;
  }
}

function writeTimespec(ctx: SyscallContext, addr: number, nanoseconds: number): number {
  const seconds = Math.floor(nanoseconds / NSEC_PER_SEC);
  return ctx.mem.write64(addr, seconds) || ctx.mem.write64(addr + 8, Math.floor(nanoseconds - seconds * NSEC_PER_SEC));
}

/** Reads a struct __kernel_timespec; undefined on a fault, NaN when tv_nsec is out of range. */
export function readTimespec(ctx: SyscallContext, addr: number): number | undefined {
  const seconds = ctx.mem.read64(addr);
  const nanoseconds = ctx.mem.read64(addr + 8);
  if (seconds === undefined || nanoseconds === undefined) return undefined;
  if (nanoseconds >= NSEC_PER_SEC || seconds >= 2 ** 63) return NaN;
  return seconds * NSEC_PER_SEC + nanoseconds;
}

export const timeSyscalls: SyscallTable = {
  403: (ctx, clock, tp) => {
    const now = clockNow(ctx, clock);
    if (now === undefined) return -Errno.EINVAL;
    return writeTimespec(ctx, tp >>> 0, now);
  },
  406: (ctx, clock, res) => {
    if (clockNow(ctx, clock) === undefined) return -Errno.EINVAL;
    return res === 0 ? 0 : writeTimespec(ctx, res >>> 0, 1);
  },
  407: (ctx, clock, flags, request, remaining) => {
    const start = clockNow(ctx, clock);
    if (start === undefined || clock === CLOCK_THREAD_CPUTIME_ID) return -Errno.EINVAL;
    const wanted = readTimespec(ctx, request >>> 0);
    if (wanted === undefined) return -Errno.EFAULT;
    if (Number.isNaN(wanted)) return -Errno.EINVAL;
    const delayNs = flags & TIMER_ABSTIME ? wanted - start : wanted;
    if (delayNs <= 0) return 0;
    // Only the deadline or a signal with a handler ends the sleep: a stop and a continue without one leave the
    // task waiting for the same deadline, which is what Linux's restart of the call (restart_block) amounts to.
    // Interrupted, a relative sleep asked for the time left is told it (nanosleep_copyout, EFAULT if it cannot),
    // or has just slept it all (0).
    const deadline = ctx.kernel.deadlineAfter(delayNs / 1e6);
    return block([], () => 0, {
      deadline,
      onTimeout: () => 0,
      restart: false,
      onInterrupt: () => {
        if (flags & TIMER_ABSTIME || remaining === 0) return -Errno.EINTR;
        const leftNs = ctx.kernel.timeLeft(deadline) * 1e6;
        if (leftNs <= 0) return 0;
        return writeTimespec(ctx, remaining >>> 0, leftNs) || -Errno.EINTR;
      },
    });
  },
  153: (ctx, buffer) => {
    const ticks = Math.floor((ctx.kernel.sinceBoot() / 1000) * 100);
    if (buffer !== 0) {
      for (let i = 0; i < 4; i++) {
        const error = ctx.mem.write32((buffer >>> 0) + 4 * i, i < 2 ? ticks : 0);
        if (error < 0) return error;
      }
    }
    return ticks | 0;
  },
};

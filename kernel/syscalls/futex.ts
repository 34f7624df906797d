import { clockNow, readTimespec } from './time.js';
import type { SyscallTable } from './types.js';

const FUTEX_CLOCK_REALTIME = 256;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;

export const futexSyscalls: SyscallTable = {
  422: (ctx, uaddr, op, val, timeout, uaddr2, val3) =>
    ctx.kernel.futex.call(ctx.task, uaddr, op, val, timeout, uaddr2, val3, (addr, absolute) => {
      const nanoseconds = readTimespec(ctx, addr);
      if (nanoseconds === undefined || Number.isNaN(nanoseconds) || !absolute) {
        return nanoseconds === undefined ? undefined : nanoseconds / 1e6;
      }
      const now = clockNow(ctx, op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC)!;
      return (nanoseconds - now) / 1e6;
    }),
};

import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import type { SyscallTable } from './types.js';

const UTS_FIELD = 65;
/** uname's release and version, which /proc/version repeats. */
export const UTS_RELEASE = '6.1.0-rvnommu';
export const UTS_VERSION = '#1 rvnommu no-MMU';
const UTSNAME = ['Linux', 'rvnommu', UTS_RELEASE, UTS_VERSION, 'riscv32', '(none)'];
const GRND_NONBLOCK = 1;
const GRND_RANDOM = 2;
const GRND_INSECURE = 4;
const RLIMIT_STACK = 3;
const RLIMIT_NOFILE = 7;
const RLIM_NLIMITS = 16;

const SYSLOG_ACTION_CLOSE = 0;
const SYSLOG_ACTION_OPEN = 1;
const SYSLOG_ACTION_READ_ALL = 3;
const SYSLOG_ACTION_READ_CLEAR = 4;
const SYSLOG_ACTION_CLEAR = 5;
const SYSLOG_ACTION_CONSOLE_OFF = 6;
const SYSLOG_ACTION_CONSOLE_LEVEL = 8;
const SYSLOG_ACTION_SIZE_UNREAD = 9;
const SYSLOG_ACTION_SIZE_BUFFER = 10;

export const miscSyscalls: SyscallTable = {
  // syslog(2) (do_syslog) over the kernel's message ring: the newest messages that fit the buffer, as dmesg reads
  // them. SYSLOG_ACTION_READ (2, which blocks for new messages) is left out: nothing here waits on the log.
  116: (ctx, type, buffer, length) => {
    const log = ctx.kernel.messages;
    switch (type) {
      case SYSLOG_ACTION_CLOSE:
      case SYSLOG_ACTION_OPEN:
        return 0;
      case SYSLOG_ACTION_READ_ALL:
      case SYSLOG_ACTION_READ_CLEAR: {
        if (length < 0) return -Errno.EINVAL;
        if (length === 0) return 0;
        if (buffer === 0) return -Errno.EINVAL;
        const bytes = new TextEncoder().encode(log.contents);
        const newest = bytes.subarray(Math.max(0, bytes.length - length));
        const error = ctx.mem.copyOut(buffer >>> 0, newest);
        if (error < 0) return error;
        if (type === SYSLOG_ACTION_READ_CLEAR) log.clear();
        return newest.length;
      }
      case SYSLOG_ACTION_CLEAR:
        log.clear();
        return 0;
      case SYSLOG_ACTION_SIZE_UNREAD:
        return new TextEncoder().encode(log.contents).length;
      case SYSLOG_ACTION_SIZE_BUFFER:
        return log.capacity;
      default:
        // Console on/off and level: accepted, but the console keeps showing only the messages more urgent than a
        // warning (a reboot's, a panic's), as a kernel booted with `quiet`.
        return type >= SYSLOG_ACTION_CONSOLE_OFF && type <= SYSLOG_ACTION_CONSOLE_LEVEL ? 0 : -Errno.EINVAL;
    }
  },

  160: (ctx, buffer) => {
    const bytes = new Uint8Array(UTS_FIELD * UTSNAME.length);
    const encoder = new TextEncoder();
    UTSNAME.forEach((field, i) => bytes.set(encoder.encode(field), i * UTS_FIELD));
    return ctx.mem.copyOut(buffer >>> 0, bytes);
  },
  278: (ctx, buffer, length, flags) => {
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return -Errno.EINVAL;
    if ((flags & (GRND_RANDOM | GRND_INSECURE)) === (GRND_RANDOM | GRND_INSECURE)) return -Errno.EINVAL;
    const count = Math.min(length >>> 0, 33554431);
    const bytes = new Uint8Array(count);
    ctx.kernel.sources.fillRandom(bytes);
    const error = ctx.mem.copyOut(buffer >>> 0, bytes);
    return error < 0 ? error : count;
  },
  179: (ctx, buffer) => {
    const kernel = ctx.kernel;
    const info = new DataView(new ArrayBuffer(64));
    const pageKiB = 4;
    info.setInt32(0, Math.floor(kernel.sinceBoot() / 1000), true);
    info.setUint32(16, kernel.allocator.pageCount * pageKiB, true);
    info.setUint32(20, kernel.allocator.freePages * pageKiB, true);
    let processes = 0;
    for (const task of kernel.tasks.values()) if (task.state !== 'zombie') processes++;
    info.setUint16(40, processes, true);
    info.setUint32(52, 1024, true);
    return ctx.mem.copyOut(buffer >>> 0, new Uint8Array(info.buffer));
  },
  261: (ctx, pid, resource, newLimit, oldLimit) => {
    if (pid !== 0 && pid !== ctx.task.tgid && !ctx.kernel.tasks.has(pid)) return -Errno.ESRCH;
    if (resource < 0 || resource >= RLIM_NLIMITS) return -Errno.EINVAL;
    if (newLimit !== 0) return -Errno.EPERM;
    if (oldLimit === 0) return 0;
    const mm = ctx.task.mm;
    const [current, maximum] =
      resource === RLIMIT_NOFILE ? [1024, 4096] : resource === RLIMIT_STACK ? [mm.startStack - mm.startBrk, Infinity] : [Infinity, Infinity];
    return writeRlimit(ctx.mem, oldLimit >>> 0, current) || writeRlimit(ctx.mem, (oldLimit >>> 0) + 8, maximum);
  },
};

/** One rlim64_t; Infinity is RLIM_INFINITY (all ones). */
function writeRlimit(mem: UserMemory, addr: number, value: number): number {
  return value === Infinity ? mem.write32(addr, -1) || mem.write32(addr + 4, -1) : mem.write64(addr, value);
}

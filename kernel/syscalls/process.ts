import { Errno } from '../errno.js';
import { NSIG, Signal, defaultActionTerminates } from '../signals.js';
import type { Task } from '../Task.js';
import type { SyscallContext, SyscallTable } from './types.js';

const SIGSET_SIZE = 8;
const SIGACTION_SIZE = 16;
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
const SIG_DFL = 0;
const SIG_IGN = 1;
const UNBLOCKABLE = [1 << (Signal.SIGKILL - 1), 1 << (Signal.SIGSTOP - 1)].reduce((a, b) => a | b);

function exitStatus(code: number): number {
  return (code & 0xff) << 8;
}

/** Sends `signal` to a whole process. Handlers are not run yet: only default and ignore actions exist. */
function sendSignal(ctx: SyscallContext, target: Task, signal: number): number {
  if (signal === 0) return 0;
  const action = target.sigactions.get(signal);
  const handler = action ? new DataView(action.buffer, action.byteOffset).getUint32(0, true) : SIG_DFL;
  if (signal === Signal.SIGKILL || (handler === SIG_DFL && defaultActionTerminates(signal))) {
    ctx.kernel.killProcess(target, signal);
    return 0;
  }
  if (handler === SIG_IGN || handler === SIG_DFL) return 0;
  ctx.kernel.log(`rvnommu: pid ${target.pid} (${target.comm}): signal handlers are not delivered yet; signal ${signal} dropped`);
  return 0;
}

function findProcess(ctx: SyscallContext, pid: number): Task | undefined {
  const task = ctx.kernel.tasks.get(pid);
  return task && task.state !== 'zombie' ? task : undefined;
}

function validSignal(signal: number): boolean {
  return signal >= 0 && signal <= NSIG;
}

export const processSyscalls: SyscallTable = {
  93: (ctx, code) => {
    ctx.kernel.exitTask(ctx.task, exitStatus(code));
    return 0;
  },
  94: (ctx, code) => {
    ctx.kernel.exitGroup(ctx.task, exitStatus(code));
    return 0;
  },
  96: (ctx, tidptr) => {
    ctx.task.clearChildTid = tidptr >>> 0;
    return ctx.task.tid;
  },
  99: (ctx, head, len) => {
    if (len !== 12) return -Errno.EINVAL;
    ctx.task.robustList = head >>> 0;
    return 0;
  },
  124: () => 0,
  129: (ctx, pid, signal) => {
    if (!validSignal(signal)) return -Errno.EINVAL;
    const target = findProcess(ctx, pid === 0 || pid === -1 ? ctx.task.tgid : Math.abs(pid));
    return target ? sendSignal(ctx, target, signal) : -Errno.ESRCH;
  },
  130: (ctx, tid, signal) => {
    if (!validSignal(signal) || tid <= 0) return -Errno.EINVAL;
    const target = findProcess(ctx, tid);
    return target ? sendSignal(ctx, target, signal) : -Errno.ESRCH;
  },
  131: (ctx, tgid, tid, signal) => {
    if (!validSignal(signal) || tid <= 0 || tgid <= 0) return -Errno.EINVAL;
    const target = findProcess(ctx, tid);
    return target && target.tgid === tgid ? sendSignal(ctx, target, signal) : -Errno.ESRCH;
  },
  134: (ctx, signal, act, oldact, sigsetsize) => {
    if (sigsetsize !== SIGSET_SIZE) return -Errno.EINVAL;
    if (signal < 1 || signal > NSIG) return -Errno.EINVAL;
    if (act !== 0 && (signal === Signal.SIGKILL || signal === Signal.SIGSTOP)) return -Errno.EINVAL;
    const previous = ctx.task.sigactions.get(signal) ?? new Uint8Array(SIGACTION_SIZE);
    let next: Uint8Array | undefined;
    if (act !== 0) {
      const copied = ctx.mem.copyIn(act >>> 0, SIGACTION_SIZE);
      if (typeof copied === 'number') return copied;
      next = copied;
    }
    if (oldact !== 0) {
      const error = ctx.mem.copyOut(oldact >>> 0, previous);
      if (error < 0) return error;
    }
    if (next) ctx.task.sigactions.set(signal, next);
    return 0;
  },
  135: (ctx, how, set, oldset, sigsetsize) => {
    if (sigsetsize !== SIGSET_SIZE) return -Errno.EINVAL;
    const mask = ctx.task.sigmask;
    if (oldset !== 0) {
      const error = ctx.mem.write32(oldset >>> 0, mask[0]) || ctx.mem.write32((oldset >>> 0) + 4, mask[1]);
      if (error < 0) return error;
    }
    if (set === 0) return 0;
    const low = ctx.mem.read32(set >>> 0);
    const high = ctx.mem.read32((set >>> 0) + 4);
    if (low === undefined || high === undefined) return -Errno.EFAULT;
    switch (how) {
      case SIG_BLOCK: mask[0] |= low; mask[1] |= high; break;
      case SIG_UNBLOCK: mask[0] &= ~low; mask[1] &= ~high; break;
      case SIG_SETMASK: mask[0] = low; mask[1] = high; break;
      default: return -Errno.EINVAL;
    }
    mask[0] &= ~UNBLOCKABLE;
    return 0;
  },
  172: (ctx) => ctx.task.tgid,
  173: (ctx) => ctx.task.parent?.tgid ?? 0,
  174: () => 0,
  175: () => 0,
  176: () => 0,
  177: () => 0,
  178: (ctx) => ctx.task.tid,
};

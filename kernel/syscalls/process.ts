import { Errno } from '../errno.js';
import { SI_TKILL, SI_USER, addToSet, makeSiginfo, restoreFrame } from '../SignalDelivery.js';
import { NSIG, Signal } from '../signals.js';
import { block } from '../WaitQueue.js';
import type { Task } from '../Task.js';
import type { SyscallContext, SyscallTable } from './types.js';

const SIGSET_SIZE = 8;
const SIGACTION_SIZE = 16;
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
const SS_ONSTACK = 1;
const SS_DISABLE = 2;
const SS_AUTODISARM = 1 << 31;
const MINSIGSTKSZ = 2048;
const UNBLOCKABLE = [1 << (Signal.SIGKILL - 1), 1 << (Signal.SIGSTOP - 1)].reduce((a, b) => a | b);

function exitStatus(code: number): number {
  return (code & 0xff) << 8;
}

/** kill(2)'s targets: a process, the caller's process group (0), every process but init (-1), a group (< -1). */
function killTargets(ctx: SyscallContext, pid: number): Task[] {
  const leaders = ctx.kernel.liveProcesses();
  if (pid > 0) return leaders.filter((t) => t.tgid === pid);
  if (pid === 0) return leaders.filter((t) => t.pgid === ctx.task.pgid);
  if (pid === -1) return leaders.filter((t) => t.tgid !== 1 && t.tgid !== ctx.task.tgid);
  return leaders.filter((t) => t.pgid === -pid);
}

function sendFromUser(ctx: SyscallContext, targets: Task[], signal: number, code: number, toThread: boolean): number {
  if (targets.length === 0) return -Errno.ESRCH;
  const info = makeSiginfo(signal, code, { pid: ctx.task.tgid });
  for (const target of targets) ctx.kernel.sendSignal(target, signal, info, toThread);
  return 0;
}

function findThread(ctx: SyscallContext, tid: number): Task | undefined {
  const task = ctx.kernel.tasks.get(tid);
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
    return sendFromUser(ctx, killTargets(ctx, pid), signal, SI_USER, false);
  },
  130: (ctx, tid, signal) => {
    if (!validSignal(signal) || tid <= 0) return -Errno.EINVAL;
    const target = findThread(ctx, tid);
    return sendFromUser(ctx, target ? [target] : [], signal, SI_TKILL, true);
  },
  131: (ctx, tgid, tid, signal) => {
    if (!validSignal(signal) || tid <= 0 || tgid <= 0) return -Errno.EINVAL;
    const target = findThread(ctx, tid);
    return sendFromUser(ctx, target && target.tgid === tgid ? [target] : [], signal, SI_TKILL, true);
  },
  132: (ctx, ss, oldss) => {
    // stack_t: ss_sp, ss_flags, ss_size
    const task = ctx.task;
    const sp = task.regs[2] >>> 0;
    const onAltStack = task.altStack.size > 0 && sp > task.altStack.sp && sp <= task.altStack.sp + task.altStack.size;
    if (oldss !== 0) {
      const flags = task.altStack.size === 0 ? SS_DISABLE : onAltStack ? SS_ONSTACK : 0;
      const error = ctx.mem.write32(oldss >>> 0, task.altStack.sp) || ctx.mem.write32((oldss >>> 0) + 4, flags) || ctx.mem.write32((oldss >>> 0) + 8, task.altStack.size);
      if (error < 0) return error;
    }
    if (ss === 0) return 0;
    const base = ctx.mem.read32(ss >>> 0);
    const flags = ctx.mem.read32((ss >>> 0) + 4);
    const size = ctx.mem.read32((ss >>> 0) + 8);
    if (base === undefined || flags === undefined || size === undefined) return -Errno.EFAULT;
    if (onAltStack) return -Errno.EPERM;
    if (flags & ~(SS_DISABLE | SS_AUTODISARM)) return -Errno.EINVAL;
    if (flags & SS_DISABLE) {
      task.altStack = { sp: 0, size: 0 };
      return 0;
    }
    if (size >>> 0 < MINSIGSTKSZ) return -Errno.ENOMEM;
    task.altStack = { sp: base >>> 0, size: size >>> 0 };
    return 0;
  },
  133: (ctx, set, sigsetsize) => {
    if (sigsetsize !== SIGSET_SIZE) return -Errno.EINVAL;
    const low = ctx.mem.read32(set >>> 0);
    const high = ctx.mem.read32((set >>> 0) + 4);
    if (low === undefined || high === undefined) return -Errno.EFAULT;
    ctx.kernel.useTemporarySignalMask(ctx.task, low, high);
    // Only a signal ends the wait, always with EINTR once its handler has run.
    return block([], () => -Errno.EINTR, { restart: false });
  },
  136: (ctx, set, sigsetsize) => {
    if (sigsetsize > SIGSET_SIZE) return -Errno.EINVAL;
    const pending = new Int32Array(2);
    for (const signal of ctx.task.pendingSignals.keys()) addToSet(pending, signal);
    pending[0] &= ctx.task.sigmask[0];
    pending[1] &= ctx.task.sigmask[1];
    return ctx.mem.copyOut(set >>> 0, new Uint8Array(pending.buffer).subarray(0, sigsetsize));
  },
  139: (ctx) => {
    const restored = restoreFrame(ctx.task, ctx.kernel.physical);
    if (restored === undefined) {
      ctx.kernel.killProcess(ctx.task, Signal.SIGSEGV, 'rt_sigreturn with a corrupt or missing signal frame');
      return 0;
    }
    return restored;
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

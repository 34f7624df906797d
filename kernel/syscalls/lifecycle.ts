import { asExecError } from '../../binfmt/ElfLoader.js';
import { Errno } from '../errno.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { CLD_CONTINUED, CLD_EXITED, CLD_KILLED, CLD_STOPPED } from '../SignalDelivery.js';
import { Signal } from '../signals.js';
import { Task } from '../Task.js';
import { block, type SyscallResult } from '../WaitQueue.js';
import type { SyscallContext, SyscallTable } from './types.js';

const CSIGNAL = 0xff;
const CLONE_VM = 0x100;
const CLONE_FS = 0x200;
const CLONE_FILES = 0x400;
const CLONE_SIGHAND = 0x800;
const CLONE_PIDFD = 0x1000;
const CLONE_PTRACE = 0x2000;
const CLONE_VFORK = 0x4000;
const CLONE_PARENT = 0x8000;
const CLONE_THREAD = 0x10000;
const CLONE_SYSVSEM = 0x40000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_DETACHED = 0x400000;
const CLONE_CHILD_SETTID = 0x1000000;
const CLONE_IO = 0x8000_0000;
const SUPPORTED =
  CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT |
  CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED |
  CLONE_CHILD_SETTID | CLONE_IO;

const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;
const WNOHANG = 1;
const WSTOPPED = 2;
const WEXITED = 4;
const WCONTINUED = 8;
const WNOWAIT = 0x0100_0000;
const WAIT_OPTIONS = WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | 0x2000_0000 | 0x4000_0000 | 0x8000_0000;
const SIGINFO_SIZE = 128;

interface CloneRequest {
  flags: number;
  exitSignal: number;
  stack: number;
  parentTid: number;
  childTid: number;
  tls: number;
}

/**
 * kernel_clone on a no-MMU machine. A new address space cannot be made by copying (there is no translation to
 * give the copy the same addresses), so as fork() does on no-MMU Linux, anything without CLONE_VM is refused with
 * EINVAL: processes are made with vfork (CLONE_VM | CLONE_VFORK) and threads with CLONE_VM | CLONE_THREAD.
 */
function kernelClone(ctx: SyscallContext, request: CloneRequest): SyscallResult {
  const { kernel, task: parent } = ctx;
  const flags = request.flags;
  if ((flags & ~SUPPORTED) !== 0) return -Errno.EINVAL;
  if (!(flags & CLONE_VM)) return -Errno.EINVAL;
  if (flags & CLONE_THREAD && !(flags & CLONE_SIGHAND)) return -Errno.EINVAL;
  if (flags & CLONE_SIGHAND && !(flags & CLONE_VM)) return -Errno.EINVAL;
  if (flags & CLONE_THREAD && request.exitSignal !== 0 && flags & CLONE_PIDFD) return -Errno.EINVAL;

  const tid = kernel.allocatePid();
  const tgid = flags & CLONE_THREAD ? parent.tgid : tid;
  const realParent = flags & (CLONE_PARENT | CLONE_THREAD) ? parent.parent : parent;
  const child = new Task(
    tid,
    tgid,
    realParent,
    parent.mm,
    flags & CLONE_FILES ? parent.files.share() : parent.files.clone(),
    flags & CLONE_FS ? parent.fs.share() : parent.fs.clone(),
    parent.comm,
  );
  parent.mm.users++;
  if (flags & CLONE_SIGHAND) child.sigactions = parent.sigactions;
  else child.sigactions = new Map([...parent.sigactions].map(([signal, action]) => [signal, action.slice()]));
  child.sigmask.set(parent.sigmask);
  child.exitSignal = flags & CLONE_THREAD ? -1 : request.exitSignal;
  child.argv = parent.argv;
  child.envp = parent.envp;
  child.regs.set(parent.regs);
  child.regs[10] = 0;
  if (request.stack !== 0) child.regs[2] = request.stack;
  if (flags & CLONE_SETTLS) child.regs[4] = request.tls;
  child.pc = parent.pc;

  if (flags & CLONE_CHILD_CLEARTID) child.clearChildTid = request.childTid;

  kernel.addTask(child);
  // The child exists now whatever happens to these writes: Linux ignores their faults (put_user in kernel_clone,
  // and in schedule_tail for the child's word), and so does this kernel.
  if (flags & CLONE_PARENT_SETTID) ctx.mem.write32(request.parentTid, tid);
  if (flags & CLONE_CHILD_SETTID) ctx.mem.write32(request.childTid, tid);
  if (!(flags & CLONE_VFORK)) return tid;
  // The parent shares its stack with the child: it may run again only once the child has exec'd or exited.
  child.vforkParent = parent;
  const released = () => child.vforkParent === null;
  return block(child.vforkDone, function waitForChild(): SyscallResult {
    return released() ? tid : block(child.vforkDone, waitForChild, { interruptible: false });
  }, { interruptible: false });
}

function waitid(ctx: SyscallContext, idtype: number, id: number, infop: number, options: number): SyscallResult {
  if (options & ~WAIT_OPTIONS || !(options & (WEXITED | WSTOPPED | WCONTINUED))) return -Errno.EINVAL;
  const self = ctx.task;
  const matches = (child: Task) =>
    idtype === P_ALL || (idtype === P_PID && child.tgid === id) || (idtype === P_PGID && child.pgid === (id || self.pgid));
  if (idtype !== P_ALL && idtype !== P_PID && idtype !== P_PGID) return -Errno.EINVAL;
  if (idtype === P_PID && id <= 0) return -Errno.EINVAL;

  const attempt = (): SyscallResult => {
    // Threads of a process wait for the children of any thread of it.
    const candidates = ctx.kernel.childrenOfProcess(self.tgid).filter(matches);
    if (candidates.length === 0) return -Errno.ECHILD;
    const exited = options & WEXITED ? candidates.find((child) => ctx.kernel.processExited(child)) : undefined;
    if (exited) {
      const result = writeChildInfo(ctx, infop, exited);
      if (result < 0) return result;
      if (!(options & WNOWAIT)) ctx.kernel.reap(exited);
      return 0;
    }
    // A stop or a continue is reported once (unless WNOWAIT), with the stopping signal or SIGCONT as the status.
    const changed = candidates.find(
      (child) =>
        (options & WSTOPPED && child.unreportedStop === 'stopped' && child.stopSignal) ||
        (options & WCONTINUED && child.unreportedStop === 'continued'),
    );
    if (changed) {
      const stopped = changed.unreportedStop === 'stopped';
      const result = writeSiginfo(ctx, infop, changed, stopped ? CLD_STOPPED : CLD_CONTINUED, stopped ? changed.stopSignal : Signal.SIGCONT);
      if (result < 0) return result;
      if (!(options & WNOWAIT)) changed.unreportedStop = null;
      return 0;
    }
    if (options & WNOHANG) {
      return infop === 0 ? 0 : ctx.mem.copyOut(infop >>> 0, new Uint8Array(SIGINFO_SIZE));
    }
    return block(ctx.kernel.childEvents(self.tgid), attempt);
  };
  return attempt();
}

function writeChildInfo(ctx: SyscallContext, infop: number, child: Task): number {
  const killedBy = child.exitStatus & 0x7f;
  return writeSiginfo(ctx, infop, child, killedBy ? CLD_KILLED : CLD_EXITED, killedBy ? killedBy : (child.exitStatus >> 8) & 0xff);
}

/** waitid's siginfo: SIGCHLD, what happened (si_code), the child's pid, uid 0, and the status or signal. */
function writeSiginfo(ctx: SyscallContext, infop: number, child: Task, code: number, status: number): number {
  if (infop === 0) return 0;
  const info = new DataView(new ArrayBuffer(SIGINFO_SIZE));
  info.setInt32(0, Signal.SIGCHLD, true);
  info.setInt32(8, code, true);
  info.setInt32(12, child.tgid, true);
  info.setInt32(16, 0, true);
  info.setInt32(20, status, true);
  return ctx.mem.copyOut(infop >>> 0, new Uint8Array(info.buffer));
}

function execve(ctx: SyscallContext, pathAddr: number, argvAddr: number, envpAddr: number): SyscallResult {
  const { kernel, task, mem } = ctx;
  const path = mem.readCString(pathAddr >>> 0);
  if (typeof path === 'number') return path;
  const argv = mem.readStringArray(argvAddr >>> 0);
  if (typeof argv === 'number') return argv;
  const envp = mem.readStringArray(envpAddr >>> 0);
  if (typeof envp === 'number') return envp;
  const program = kernel.readExecutable(task, path);
  if (typeof program === 'number') return program;

  // Build the new image in a fresh address space; the old one stays intact until that has worked.
  const oldMm = task.mm;
  task.mm = new MemoryMap(kernel.physical);
  try {
    kernel.exec(task, program, path, argv, envp);
  } catch (error) {
    const execError = asExecError(error);
    if (!execError) throw error;
    kernel.mmap.exitMmap(task.mm);
    task.mm = oldMm;
    return -execError.errno;
  }
  // The point of no return: the process is this task alone from here on.
  kernel.deThread(task);
  kernel.releaseChildTid(task, oldMm);
  kernel.releaseMm(oldMm, task);
  task.files.closeOnExec();
  for (const [signal, action] of task.sigactions) {
    // Caught signals revert to their default action; ignored ones stay ignored.
    if (new DataView(action.buffer, action.byteOffset).getUint32(0, true) > 1) task.sigactions.delete(signal);
  }
  kernel.releaseVforkParent(task);
  kernel.debugHooks?.execed(task, program);
  return 0;
}

export const lifecycleSyscalls: SyscallTable = {
  220: (ctx, flags, stack, parentTid, tls, childTid) =>
    kernelClone(ctx, {
      flags: flags & ~CSIGNAL,
      exitSignal: flags & CSIGNAL,
      stack: stack >>> 0,
      parentTid: parentTid >>> 0,
      childTid: childTid >>> 0,
      tls,
    }),
  435: (ctx, args, size) => {
    // struct clone_args: u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, ...
    if (size < 64 || size > 4096) return -Errno.EINVAL;
    const bytes = ctx.mem.copyIn(args >>> 0, size);
    if (typeof bytes === 'number') return bytes;
    const view = new DataView(bytes.buffer);
    const u64 = (offset: number) => view.getUint32(offset + 4, true) * 2 ** 32 + view.getUint32(offset, true);
    for (let offset = 64; offset < size; offset++) if (bytes[offset] !== 0) return -Errno.E2BIG;
    const flags = u64(0);
    const exitSignal = u64(32);
    if (flags >= 2 ** 32 || exitSignal > 64 || flags & CSIGNAL) return -Errno.EINVAL;
    const stack = u64(40);
    const stackSize = u64(48);
    if ((stack === 0) !== (stackSize === 0)) return -Errno.EINVAL;
    return kernelClone(ctx, {
      flags,
      exitSignal,
      stack: stack === 0 ? 0 : stack + stackSize,
      parentTid: u64(24),
      childTid: u64(16),
      tls: u64(56) | 0,
    });
  },
  221: (ctx, path, argv, envp) => execve(ctx, path, argv, envp),
  95: (ctx, idtype, id, infop, options) => waitid(ctx, idtype, id, infop, options),
  154: (ctx, pid, pgid) => {
    const target = pid === 0 ? ctx.task : ctx.kernel.tasks.get(pid);
    if (!target || target.state === 'zombie') return -Errno.ESRCH;
    if (pgid < 0) return -Errno.EINVAL;
    target.pgid = pgid === 0 ? target.tgid : pgid;
    return 0;
  },
  155: (ctx, pid) => {
    const target = pid === 0 ? ctx.task : ctx.kernel.tasks.get(pid);
    return target ? target.pgid : -Errno.ESRCH;
  },
  156: (ctx, pid) => {
    const target = pid === 0 ? ctx.task : ctx.kernel.tasks.get(pid);
    return target ? target.sid : -Errno.ESRCH;
  },
  157: (ctx) => {
    const task = ctx.task;
    for (const other of ctx.kernel.tasks.values()) if (other.pgid === task.tgid && other !== task) return -Errno.EPERM;
    task.sid = task.pgid = task.tgid;
    return task.sid;
  },
};

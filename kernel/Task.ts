import type { LoadSegment } from '../binfmt/ElfLoader.js';
import type { FdTable } from './vfs/FdTable.js';
import type { FsContext } from './vfs/FsContext.js';
import type { MemoryMap } from './mm/MemoryMap.js';
import type { VfsPath } from './vfs/VfsPath.js';
import { type Blocked, WaitQueue } from './WaitQueue.js';

export type TaskState = 'runnable' | 'blocked' | 'zombie';

/**
 * A schedulable thread of guest execution and the resources it may share with others (Linux's task_struct).
 * Processes are thread groups: `tgid` is the process id, `tid` the thread id; a single-threaded process has
 * tid === tgid. `mm`, `files` and `fs` are shared objects when clone() asks for sharing.
 */
export class Task {
  /** Saved user registers while the task is not on the hart; x0 is kept zero. */
  readonly regs = new Int32Array(32);
  pc = 0;
  state: TaskState = 'runnable';
  /** The pending syscall continuation while state is 'blocked'. */
  blocked: Blocked | null = null;
  /** Wait status once the task is a zombie (Linux encoding: exit code << 8, or the signal number). */
  exitStatus = 0;
  /** The program name shown in /proc and ps (comm: at most 15 bytes). */
  comm: string;
  argv: string[] = [];
  envp: string[] = [];
  /** The program file of the last exec, for /proc/PID/exe (absent when it was not loaded from the guest's tree). */
  exe: VfsPath | undefined;
  /**
   * Where the last exec put each segment of the program: its run-time address, link address and size, as the load
   * map an FDPIC program gets in a1 lists them. A constant-displacement program's segments all moved by one amount;
   * an FDPIC program's text and data each by its own. Debuggers relocate the program's symbols by it.
   */
  loadMap: readonly LoadSegment[] = [];
  /** The auxiliary vector the last exec wrote on the initial stack (Linux's mm->saved_auxv), for debuggers. */
  savedAuxv: Uint8Array = new Uint8Array(0);
  /** Milliseconds after boot at which the task was created. */
  startTime = 0;
  /**
   * On a group leader: host milliseconds spent running the process's user code and in the kernel on its behalf,
   * counting all its threads, those that have exited too (Linux sums them the same way for /proc/PID/stat).
   */
  userTime = 0;
  systemTime = 0;
  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread exits. */
  clearChildTid = 0;
  /** The process that waits for this one (for threads: the creator's parent, as in Linux). */
  parent: Task | null;
  /** Signal sent to the parent on exit (SIGCHLD for processes), -1 for threads, which reap themselves. */
  exitSignal = 17;
  /** While this is a vfork child that has neither exec'd nor exited: the parent waiting on `vforkDone`. */
  vforkParent: Task | null = null;
  readonly vforkDone = new WaitQueue('vfork');
  pgid: number;
  sid: number;
  /** On a process's leader: the signal that stopped the process (group stop), 0 while it runs. */
  stopSignal = 0;
  /** On a leader: a stop or continue that the parent's waitid (WSTOPPED, WCONTINUED) has not collected yet. */
  unreportedStop: 'stopped' | 'continued' | null = null;
  /** Blocked signals as a 64-bit set in two words (rt_sigprocmask). */
  readonly sigmask = new Int32Array(2);
  /** Raw struct sigaction (handler, flags, 64-bit mask) per signal, shared by threads of a process. */
  sigactions: Map<number, Uint8Array>;
  robustList = 0;
  /** Signals sent to this thread and not yet delivered, each with its siginfo. */
  readonly pendingSignals = new Map<number, Uint8Array>();
  /** sigaltstack: where handlers with SA_ONSTACK run (size 0 = none). */
  altStack = { sp: 0, size: 0 };
  /** a0 as the current syscall received it, for restarting the syscall after a signal handler (SA_RESTART). */
  syscallArg0 = 0;
  /** The mask to restore when a syscall with a temporary mask (ppoll, rt_sigsuspend) completes. */
  savedSigmask: Int32Array | null = null;

  /**
   * `tid` changes once at most: when a thread that is not the leader execs, it takes the leader's (Kernel.deThread).
   */
  constructor(
    public tid: number,
    readonly tgid: number,
    parent: Task | null,
    public mm: MemoryMap,
    public files: FdTable,
    public fs: FsContext,
    comm: string,
  ) {
    this.parent = parent;
    this.pgid = parent?.pgid ?? tgid;
    this.sid = parent?.sid ?? tgid;
    this.comm = comm.slice(0, 15);
    this.sigactions = new Map();
  }

  get pid(): number {
    return this.tgid;
  }

  get isGroupLeader(): boolean {
    return this.tid === this.tgid;
  }
}

import { CAUSE, PRIV_U, causeName } from '../cpu/Csr.js';
import { Hart, StopReason } from '../cpu/Hart.js';
import { PAGE_SIZE, PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { FLASH_SIZE } from '../devices/Flash.js';
import { DEFAULT_FRAMEBUFFER_HEIGHT, DEFAULT_FRAMEBUFFER_WIDTH, FRAMEBUFFER_BASE, Framebuffer } from '../devices/Framebuffer.js';
import { loadBinary } from '../binfmt/loadBinary.js';
import { createInitialStack } from '../binfmt/InitialStack.js';
import { isFlatBinary } from '../binfmt/flat/FlatHeader.js';
import { loadFlatBinary } from '../binfmt/flat/FlatLoader.js';
import type { KernelDebugHooks } from './DebugHooks.js';
import { Errno } from './errno.js';
import { Futex } from './Futex.js';
import { KernelLog, LOG_EMERG, LOG_INFO, LOG_WARNING } from './KernelLog.js';
import type { MachineStop } from './MachineStop.js';
import { UTS_RELEASE, UTS_VERSION } from './syscalls/misc.js';
import { type MachineSources, deterministicSources, fileClock, hostSources } from './MachineSources.js';
import { VM_WRITE } from './mm/constants.js';
import { MemoryMap } from './mm/MemoryMap.js';
import { UserPagePins } from './mm/gup.js';
import { NommuMmap } from './mm/NommuMmap.js';
import { PageAllocator } from './mm/PageAllocator.js';
import { Signal, defaultActionStops, defaultActionTerminates, signalName } from './signals.js';
import {
  CLD_CONTINUED,
  CLD_EXITED,
  CLD_KILLED,
  CLD_STOPPED,
  SA_NOCLDSTOP,
  SA_NODEFER,
  SA_RESETHAND,
  SA_RESTART,
  SIG_DFL,
  SIG_IGN,
  SI_KERNEL,
  SI_USER,
  actionOf,
  addToSet,
  inSet,
  makeSiginfo,
  setupFrame,
} from './SignalDelivery.js';
import { KernelProcSource } from './KernelProcSource.js';
import { Strace } from './Strace.js';
import { syscallName } from './syscalls/names.js';
import { SYSCALLS, QUIETLY_ABSENT } from './syscalls/table.js';
import type { SyscallContext } from './syscalls/types.js';
import { Task } from './Task.js';
import { handleUserfault } from './uffd/handleUserfault.js';
import { UserMemory } from './UserMemory.js';
import { type Blocked, isBlocked, type SyscallResult, WaitQueue } from './WaitQueue.js';
import { yieldToHost } from './yieldToHost.js';
import { type Credentials, ROOT_CREDENTIALS } from './vfs/Credentials.js';
import type { FdTable } from './vfs/FdTable.js';
import type { FsContext } from './vfs/FsContext.js';
import { mmapBackingOf } from './vfs/fileMmap.js';
import { O_RDONLY } from './vfs/openFlags.js';
import { LOOKUP_FOLLOW } from './vfs/PathWalker.js';
import { registerFramebuffer } from './vfs/devfs/framebufferDevice.js';
import type { RomSpec } from './vfs/romfs/attachRom.js';
import { procFileSystemType } from './vfs/procfs/ProcFs.js';
import { Vfs } from './vfs/Vfs.js';
import type { VfsPath } from './vfs/VfsPath.js';

export const RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_SIZE = 64 * 1024 * 1024;
/** write, writev, pwrite64, pwritev, sendfile64, pwritev2: an EPIPE from them also raises SIGPIPE. */
const WRITE_SYSCALLS = new Set([64, 66, 68, 70, 71, 287]);
/** Instructions a task runs before the scheduler looks at others and at the host. */
const TIME_SLICE = 50_000;
/** How long the kernel may keep the host's event loop busy before letting I/O callbacks run (ms). */
const HOST_YIELD_INTERVAL = 15;
/** The time CSR counts at 10 MHz, like QEMU's virt machine. */
const TIMEBASE_HZ = 10_000_000;

export interface KernelOptions {
  ramSize?: number;
  /** Receives strace lines (without newline); strace is off when absent. */
  strace?: (line: string) => void;
  /** Receives kernel warnings such as an unimplemented syscall (without newline). */
  log?: (line: string) => void;
  /**
   * The system console (without newline): printk's messages more urgent than a warning (a reboot's, a panic's)
   * are printed there as well as logged, as on a kernel booted with `quiet`. Default: where `log` writes.
   */
  console?: (line: string) => void;
  /**
   * A booted system (kernel/boot.ts): pid 1 is init, and its end is a kernel panic ("Attempted to kill init!")
   * that stops the machine. A program that `rvnommu run` starts is pid 1 too, but may end like any other.
   */
  panicWhenInitExits?: boolean;
  /** The /dev/fb0 picture size (default 320x240); null for a machine without a framebuffer. */
  framebuffer?: { readonly width: number; readonly height: number } | null;
  /** A romfs image in a flash chip (run --rom): the machine keeps room for the chip, which runProgram attaches. */
  rom?: RomSpec;
  /** Time and randomness from the instruction count and a fixed seed (run --deterministic), not from the host. */
  deterministic?: boolean;
  /** Interpret every instruction (run --no-jit): the reference the block translator is compared with. */
  noTranslation?: boolean;
}

export interface ProgramSpec {
  elf: Uint8Array;
  /** The path shown in AT_EXECFN and /proc. */
  path: string;
  argv: string[];
  envp: string[];
  files: FdTable;
  fs: FsContext;
}

/**
 * The kernel personality: tasks, the scheduler loop around the hart, and syscall dispatch. The hart runs tasks in
 * U-mode; every ecall or fault comes back here as a user trap (the only way the kernel and the CPU meet).
 */
export class Kernel {
  readonly physical: PhysicalMemory;
  readonly hart: Hart;
  readonly allocator: PageAllocator;
  readonly framebuffer: Framebuffer | null;
  /** printk's ring buffer: what syslog(2) and dmesg read. */
  readonly messages = new KernelLog();
  readonly mmap: NommuMmap;
  /** User pages pinned for device transfers, and the FOLL_PIN counts of /proc/vmstat. */
  readonly pins = new UserPagePins();
  readonly mem: UserMemory;
  readonly futex: Futex;
  readonly vfs: Vfs;
  readonly tasks = new Map<number, Task>();
  readonly sources: MachineSources;
  /** A debugger attached to the scheduler (debug/KernelTarget), or null: then nothing is checked per instruction. */
  debugHooks: KernelDebugHooks | null = null;
  /** Milliseconds the scheduler spent with nothing to run (the idle column of /proc/uptime). */
  idleTime = 0;
  /**
   * Linux's C_A_D, set by reboot(2)'s CAD_ON and CAD_OFF: whether Ctrl-Alt-Del restarts at once or signals init.
   * Kept for the syscall's sake: this machine's console has no such key.
   */
  ctrlAltDelRestarts = true;
  private readonly runQueue: Task[] = [];
  /** Runnable tasks of stopped processes, kept out of the run queue until SIGCONT. */
  private readonly stoppedTasks = new Set<Task>();
  private readonly sleepers = new Set<Task>();
  private readonly subscriptions = new Map<Task, (() => void)[]>();
  private readonly resumeKind = new Map<Task, 'event' | 'timeout' | 'signal'>();
  private readonly warnedSyscalls = new Set<number>();
  private readonly strace: Strace | null;
  private current: Task | null = null;
  private stopped: MachineStop | null = null;
  private activeMm: MemoryMap | null = null;
  private nextPid = 1;
  /** The process `run` waits for: its zombie is kept so that its status can be read. */
  private firstPid = 0;
  private wakeIdle: (() => void) | null = null;
  private readonly childQueues = new Map<number, WaitQueue>();

  constructor(private readonly options: KernelOptions = {}) {
    const ramSize = options.ramSize ?? DEFAULT_RAM_SIZE;
    const screen = options.framebuffer === undefined ? { width: DEFAULT_FRAMEBUFFER_WIDTH, height: DEFAULT_FRAMEBUFFER_HEIGHT } : options.framebuffer;
    const videoBytes = screen ? Framebuffer.regionSize(screen.width, screen.height) : 0;
    this.physical = new PhysicalMemory(ramSize + videoBytes + (options.rom ? FLASH_SIZE : 0));
    this.physical.addRam('ram', RAM_BASE, ramSize);
    this.framebuffer = screen ? new Framebuffer(this.physical, FRAMEBUFFER_BASE, screen.width, screen.height) : null;
    this.hart = new Hart(this.physical, options.noTranslation ? false : {});
    this.sources = options.deterministic ? deterministicSources(() => this.hart.instretNow) : hostSources();
    this.hart.userTrapsToHost = true;
    // Tasks only ever run in U-mode; the kernel itself is this TypeScript code, the M-mode trap handler.
    this.hart.priv = PRIV_U;
    this.hart.mcounteren = 7;
    this.hart.timeSource = () => Math.floor((this.sinceBoot() * TIMEBASE_HZ) / 1000);
    this.allocator = new PageAllocator(RAM_BASE, ramSize / PAGE_SIZE);
    this.mmap = new NommuMmap(this.physical, this.allocator);
    this.mem = new UserMemory(this.physical);
    this.futex = new Futex(this.mem, () => this.sinceBoot());
    this.vfs = new Vfs({ memory: this.mmap, clock: fileClock(this.sources), random: (into) => this.sources.fillRandom(into) });
    this.vfs.registerFileSystem(procFileSystemType(this.vfs, new KernelProcSource(this)));
    if (this.framebuffer) registerFramebuffer(this.vfs.devices, this.framebuffer);
    this.strace = options.strace ? new Strace(options.strace, this.mem) : null;
    this.printk(LOG_INFO, `Linux version ${UTS_RELEASE} ${UTS_VERSION}`);
    this.printk(LOG_INFO, `Memory: ${ramSize / 1024}K at 0x${RAM_BASE.toString(16)}, no MMU`);
    if (this.framebuffer) {
      const { width, height, base } = this.framebuffer;
      this.printk(LOG_INFO, `fb0: ${width}x${height}x32 framebuffer at 0x${base.toString(16)}`);
    }
  }

  /** A warning for the user (on stderr, or the host's log), kept in the kernel log too as printk does. */
  log(line: string): void {
    this.printk(LOG_WARNING, line.replace(/^rvnommu: /, ''));
    this.hostLog(line);
  }

  /**
   * A message for the kernel log (dmesg), stamped with the time since boot; one more urgent than a warning goes
   * to the console too.
   */
  printk(level: number, message: string): void {
    const line = this.messages.add(level, this.sinceBoot() / 1000, message);
    if (level < LOG_WARNING) (this.options.console ?? this.hostLog)(line);
  }

  private readonly hostLog = (line: string): void => (this.options.log ?? ((text: string) => process.stderr.write(`${text}\n`)))(line);

  /** Why the machine stopped (reboot(2), a panic), or null while it runs. */
  get machineStop(): MachineStop | null {
    return this.stopped;
  }

  /**
   * The end of the machine (machine_halt, machine_power_off, machine_restart, or a panic's end): `message` is
   * printed as an emergency, and no task runs again; `run` returns.
   */
  stopMachine(stop: MachineStop, message: string): void {
    if (this.stopped) return;
    this.printk(LOG_EMERG, message);
    this.stopped = stop;
    // Nothing waits any more: the host's queues (its input) must not call back into a machine that is gone.
    for (const task of this.tasks.values()) this.cancelWait(task);
    this.wakeIdle?.();
  }

  /** panic(): the machine stops with the message, as Linux prints it (panic_timeout 0: no reboot by itself). */
  panic(message: string): void {
    if (this.stopped) return;
    this.printk(LOG_EMERG, `Kernel panic - not syncing: ${message}`);
    this.stopMachine({ kind: 'panic', message }, `---[ end Kernel panic - not syncing: ${message} ]---`);
  }

  allocatePid(): number {
    return this.nextPid++;
  }

  /**
   * Milliseconds since boot: the kernel's one clock, which the time CSR counts, CLOCK_MONOTONIC reads and every
   * timed wait's deadline is on (the host's time, or the instruction count's with --deterministic).
   */
  sinceBoot(): number {
    return this.sources.sinceBoot();
  }

  /** The deadline of a timed wait that lasts `ms` milliseconds from now. */
  deadlineAfter(ms: number): number {
    return this.sinceBoot() + ms;
  }

  /** Milliseconds left until `deadline` (0 once it has passed). */
  timeLeft(deadline: number): number {
    return Math.max(0, deadline - this.sinceBoot());
  }

  /** The task on the hart, or in a syscall: the process /proc/self names. */
  get currentTask(): Task | null {
    return this.current;
  }

  /** Every task runs as root: there is no setuid yet, so one set of credentials serves all. */
  credentials(_task: Task): Credentials {
    return ROOT_CREDENTIALS;
  }

  /** Creates a process running `spec.elf`; throws ExecError (with a one-line message) if it cannot be loaded. */
  spawn(spec: ProgramSpec, parent: Task | null = null): Task {
    const mm = new MemoryMap(this.physical);
    const pid = this.allocatePid();
    const task = new Task(pid, pid, parent, mm, spec.files, spec.fs, baseName(spec.path));
    try {
      this.exec(task, spec.elf, spec.path, spec.argv, spec.envp);
    } catch (error) {
      this.mmap.exitMmap(mm);
      throw error;
    }
    this.addTask(task);
    return task;
  }

  addTask(task: Task): void {
    task.startTime = this.sinceBoot();
    this.tasks.set(task.tid, task);
    this.runQueue.push(task);
  }

  /** The group leaders whose parent belongs to process `tgid`. */
  childrenOfProcess(tgid: number): Task[] {
    return [...this.tasks.values()].filter((task) => task.isGroupLeader && task.parent?.tgid === tgid);
  }

  /** True once every thread of the child's process has exited. */
  processExited(leader: Task): boolean {
    return !this.processAlive(leader.tgid);
  }

  /** Woken whenever a child of process `tgid` changes state. */
  childEvents(tgid: number): WaitQueue {
    let queue = this.childQueues.get(tgid);
    if (!queue) {
      queue = new WaitQueue(`children of ${tgid}`);
      this.childQueues.set(tgid, queue);
    }
    return queue;
  }

  /** Releases a dead process's task entries (waitid without WNOWAIT). */
  reap(leader: Task): void {
    for (const task of [...this.tasks.values()]) if (task.tgid === leader.tgid) this.tasks.delete(task.tid);
    this.childQueues.delete(leader.tgid);
  }

  /** Drops one user of an address space; the last one takes its mappings down. */
  releaseMm(mm: MemoryMap, _by: Task): void {
    if (--mm.users > 0) return;
    if (this.activeMm === mm) {
      mm.deactivate();
      this.activeMm = null;
    }
    this.mmap.exitMmap(mm);
  }

  /**
   * The thread leaves address space `mm` (exit, or exec: mm_release): the CLONE_CHILD_CLEARTID word there is
   * zeroed and its futex woken, since the thread library's join waits on it; later exits no longer touch it.
   */
  releaseChildTid(task: Task, mm: MemoryMap): void {
    if (task.clearChildTid === 0) return;
    const area = mm.find(task.clearChildTid);
    if (area && area.flags & VM_WRITE) this.physical.write32(task.clearChildTid, 0);
    this.futex.wakeOnExit(mm, task.clearChildTid);
    task.clearChildTid = 0;
  }

  /** A vfork child exec'd or exited: its parent may run again. */
  releaseVforkParent(child: Task): void {
    if (!child.vforkParent) return;
    child.vforkParent = null;
    child.vforkDone.wakeAll();
  }

  /** Reads a program file for execve, as the VFS sees it from `task`; a negative errno on failure. */
  readExecutable(task: Task, path: string): Uint8Array | number {
    return this.vfs.readExecutable(task.fs, path);
  }

  /** Replaces the task's program image (the common part of spawn and execve). */
  exec(task: Task, bytes: Uint8Array, path: string, argv: string[], envp: string[]): void {
    const lookup = { fs: task.fs, cred: this.credentials(task), base: task.fs.cwd };
    const file = this.vfs.resolve(lookup, path, LOOKUP_FOLLOW);
    if (isFlatBinary(bytes)) this.execFlat(task, bytes, path, argv, envp);
    else this.execElf(task, bytes, path, argv, envp, file);
    task.argv = argv;
    task.envp = envp;
    task.comm = baseName(path).slice(0, 15);
    task.exe = typeof file === 'number' ? undefined : file;
  }

  /** exec of an ELF program, constant-displacement or FDPIC (binfmt/loadBinary.ts). */
  private execElf(task: Task, bytes: Uint8Array, path: string, argv: string[], envp: string[], file: VfsPath | number): void {
    const mm = task.mm;
    const openForMapping = () => {
      if (typeof file === 'number') return file;
      const opened = this.vfs.openDentry(file, O_RDONLY);
      if (typeof opened === 'number') return opened;
      // The loader's release of the backing closes this open; mappings take references of their own.
      const backing = mmapBackingOf(this.vfs, opened, task.fs.root);
      if (typeof backing === 'number') opened.release();
      return backing;
    };
    const image = loadBinary({ bytes, name: path, openForMapping }, mm, this.mmap, this.physical);
    const random = new Uint8Array(16);
    this.sources.fillRandom(random);
    const start = createInitialStack(
      image,
      { argv, envp, execfn: path, random, uid: 0, gid: 0 },
      mm,
      this.mmap,
      this.physical,
    );
    task.regs.fill(0);
    task.regs[2] = start.sp;
    task.regs[3] = image.globalPointer;
    task.regs[11] = start.loadmapAddr;
    task.regs[13] = image.dynamicAddr;
    task.pc = image.entry;
    task.loadMap = image.segments;
    task.savedAuxv = start.auxv;
  }

  /** exec of a bFLT program (binfmt_flat): no auxiliary vector, only sp and pc set. */
  private execFlat(task: Task, bytes: Uint8Array, path: string, argv: string[], envp: string[]): void {
    const trace = (message: string) => this.printk(LOG_INFO, message);
    const image = loadFlatBinary(bytes, path, { argv, envp, execfn: path }, task.mm, this.mmap, this.physical, trace);
    task.regs.fill(0);
    task.regs[2] = image.sp;
    task.pc = image.entry;
    task.loadMap = image.segments;
    // /proc/PID/auxv of a flat program holds only the terminating AT_NULL pair.
    task.savedAuxv = new Uint8Array(8);
  }

  /**
   * Runs until the first process has exited or the machine stops (`machineStop` says why); resolves with the wait
   * status of the first process (0 while it lives on).
   */
  async run(first: Task): Promise<number> {
    this.firstPid = first.tgid;
    let lastYield = performance.now();
    while (!this.stopped && this.processAlive(first.tgid)) {
      const hold = this.debugHooks?.hold();
      if (hold) {
        await hold;
        lastYield = performance.now();
        continue;
      }
      const task = this.pickNext();
      if (!task) {
        const idleStart = this.sinceBoot();
        await this.idle();
        lastYield = performance.now();
        this.idleTime += this.sinceBoot() - idleStart;
        continue;
      }
      this.runTask(task);
      if (performance.now() - lastYield > HOST_YIELD_INTERVAL) {
        await yieldToHost();
        lastYield = performance.now();
      }
    }
    // The process's leader: `first`, or the thread that took its place by an execve (deThread).
    return (this.tasks.get(first.tgid) ?? first).exitStatus;
  }

  /**
   * de_thread: an execve that has built its new image leaves the exec'ing task the only thread of its process. The
   * other threads are killed; a task that is not the leader then becomes it, under the process's pid (Linux's
   * exchange_tids), with the leader's parent, start time and process-wide state, and the old leader is released
   * without telling the parent, which goes on waiting for the same pid.
   */
  deThread(task: Task): void {
    for (const other of [...this.tasks.values()]) {
      if (other.tgid === task.tgid && other !== task && other.state !== 'zombie') this.exitTask(other, Signal.SIGKILL);
    }
    const leader = this.tasks.get(task.tgid);
    if (!leader || leader === task) return;
    this.tasks.delete(task.tid);
    leader.tid = task.tid;
    task.tid = task.tgid;
    this.tasks.set(task.tid, task);
    task.parent = leader.parent;
    task.exitSignal = leader.exitSignal;
    task.pgid = leader.pgid;
    task.sid = leader.sid;
    task.startTime = leader.startTime;
    task.userTime = leader.userTime;
    task.systemTime = leader.systemTime;
    task.stopSignal = leader.stopSignal;
    task.unreportedStop = leader.unreportedStop;
    leader.exitSignal = -1;
  }

  /** Terminates every thread of the task's process with the given wait status. */
  exitGroup(task: Task, status: number): void {
    // The status is the process's (Linux's group_exit_code) even when its leader had already exited on its own.
    const leader = this.tasks.get(task.tgid);
    if (leader) leader.exitStatus = status;
    for (const other of [...this.tasks.values()]) {
      if (other.tgid === task.tgid && other.state !== 'zombie') this.exitTask(other, status);
    }
  }

  exitTask(task: Task, status: number): void {
    // What a blocked syscall registered (a futex waiter) must not outlive the task: it would absorb wake-ups.
    task.blocked?.cancel?.();
    task.blocked = null;
    this.cancelWait(task);
    task.state = 'zombie';
    task.exitStatus = status;
    const index = this.runQueue.indexOf(task);
    if (index >= 0) this.runQueue.splice(index, 1);
    this.stoppedTasks.delete(task);
    this.releaseChildTid(task, task.mm);
    this.releaseVforkParent(task);
    this.releaseMm(task.mm, task);
    task.files.release();
    task.fs.release();
    if (this.current === task) this.current = null;
    if (!task.isGroupLeader) this.tasks.delete(task.tid);
    if (!this.processAlive(task.tgid)) this.processDied(task.tgid);
  }

  /** Every thread of process `tgid` is gone: orphans go to init, the parent hears of it (or nobody waits). */
  private processDied(tgid: number): void {
    const leader = this.tasks.get(tgid);
    if (tgid === 1 && this.options.panicWhenInitExits) {
      this.panic(`Attempted to kill init! exitcode=0x${((leader?.exitStatus ?? 0) >>> 0).toString(16).padStart(8, '0')}`);
      return;
    }
    const init = this.tasks.get(1);
    for (const child of this.childrenOfProcess(tgid)) {
      child.parent = init && init.tgid !== tgid && init.state !== 'zombie' ? init : null;
      if (!child.parent && this.processExited(child)) this.reap(child);
    }
    if (init && init.tgid !== tgid) this.childEvents(1).wakeAll();
    if (!leader) return;
    if (leader.parent && leader.exitSignal > 0) {
      const info = makeSiginfo(leader.exitSignal, leader.exitStatus & 0x7f ? CLD_KILLED : CLD_EXITED, { pid: leader.tgid });
      this.sendSignal(leader.parent, leader.exitSignal, info);
    }
    if (leader.parent && leader.exitSignal >= 0) this.childEvents(leader.parent.tgid).wakeAll();
    else if (!leader.parent && leader.tgid !== this.firstPid) this.reap(leader);
  }

  /** Terminates a process by a signal's default action (wait status = the signal number). */
  killProcess(task: Task, signal: Signal, reason?: string): void {
    if (reason) this.log(`rvnommu: pid ${task.pid} (${task.comm}): ${signalName(signal)}: ${reason}`);
    this.exitGroup(task, signal);
  }

  /**
   * Sends a signal to one thread (`toThread`) or to its whole process, which picks a thread that does not block
   * it. Ignored signals are dropped at once; SIGKILL ends the process at once; the rest wait for delivery on the
   * way back to user mode, interrupting an interruptible blocked syscall.
   */
  sendSignal(target: Task, signal: number, info: Uint8Array, toThread = false): void {
    if (signal === 0 || (target.state === 'zombie' && (toThread || !this.processAlive(target.tgid)))) return;
    if (signal === Signal.SIGKILL) {
      this.killProcess(target, signal);
      return;
    }
    // SIGCONT continues a stopped process whatever its action (which then runs as for any signal).
    if (signal === Signal.SIGCONT) this.continueProcess(target);
    // A signal for the process goes to a live thread that does not block it (complete_signal), if there is one:
    // the leader may have exited alone, leaving the process to its other threads.
    let thread = target;
    if (!toThread && (target.state === 'zombie' || inSet(target.sigmask, signal))) {
      const live = [...this.tasks.values()].filter((t) => t.tgid === target.tgid && t.state !== 'zombie');
      thread = live.find((t) => !inSet(t.sigmask, signal)) ?? (target.state === 'zombie' ? live[0] : target);
    }
    const action = actionOf(thread, signal);
    if (action.handler === SIG_DFL && defaultActionStops(signal) && !inSet(thread.sigmask, signal)) {
      this.stopProcess(thread, signal);
      return;
    }
    if (action.handler === SIG_IGN) return;
    if (action.handler === SIG_DFL && !defaultActionTerminates(signal) && !defaultActionStops(signal)) return;
    if (!thread.pendingSignals.has(signal)) thread.pendingSignals.set(signal, info);
    if (!inSet(thread.sigmask, signal) && thread.state === 'blocked' && thread.blocked?.interruptible) this.wake(thread, 'signal');
  }

  /**
   * Group stop (do_signal_stop): no thread of the process runs until SIGCONT; pending SIGCONTs are dropped; the
   * parent's waitid(WSTOPPED) sees it, and SIGCHLD (CLD_STOPPED) tells the parent unless it asked for SA_NOCLDSTOP.
   * Blocked threads stay blocked: what they wait for may happen meanwhile, and they go on after SIGCONT. The state
   * is the process's, kept on its leader, which stays in the table as a zombie while other threads run on.
   */
  private stopProcess(task: Task, signal: number): void {
    const leader = this.tasks.get(task.tgid);
    if (!leader || leader.stopSignal || !this.processAlive(task.tgid)) return;
    leader.stopSignal = signal;
    leader.unreportedStop = 'stopped';
    for (const thread of this.tasks.values()) if (thread.tgid === task.tgid) thread.pendingSignals.delete(Signal.SIGCONT);
    this.tellParentOfStop(leader, CLD_STOPPED);
  }

  /** SIGCONT: pending stop signals are dropped, and a stopped process runs again (CLD_CONTINUED for its parent). */
  private continueProcess(task: Task): void {
    for (const thread of this.tasks.values()) {
      if (thread.tgid !== task.tgid) continue;
      for (const signal of [...thread.pendingSignals.keys()]) if (defaultActionStops(signal)) thread.pendingSignals.delete(signal);
    }
    const leader = this.tasks.get(task.tgid);
    if (!leader?.stopSignal) return;
    leader.stopSignal = 0;
    leader.unreportedStop = 'continued';
    for (const stopped of [...this.stoppedTasks]) {
      if (stopped.tgid !== task.tgid) continue;
      this.stoppedTasks.delete(stopped);
      if (stopped.state === 'runnable') this.runQueue.push(stopped);
    }
    this.wakeIdle?.();
    this.tellParentOfStop(leader, CLD_CONTINUED);
  }

  private tellParentOfStop(leader: Task, code: number): void {
    const parent = leader.parent;
    if (!parent || parent.state === 'zombie') return;
    this.childEvents(parent.tgid).wakeAll();
    if (actionOf(parent, Signal.SIGCHLD).flags & SA_NOCLDSTOP) return;
    this.sendSignal(parent, Signal.SIGCHLD, makeSiginfo(Signal.SIGCHLD, code, { pid: leader.tgid }));
  }

  /** ppoll and pselect's temporary signal mask: in force until the syscall returns (or a handler is set up). */
  useTemporarySignalMask(task: Task, low: number, high: number): void {
    task.savedSigmask = task.sigmask.slice();
    task.sigmask[0] = low & ~((1 << (Signal.SIGKILL - 1)) | (1 << (Signal.SIGSTOP - 1)));
    task.sigmask[1] = high;
  }

  /** The lowest pending signal the thread does not block, if any. */
  private deliverableSignal(task: Task): number | undefined {
    let lowest: number | undefined;
    for (const signal of task.pendingSignals.keys()) {
      if (!inSet(task.sigmask, signal) && (lowest === undefined || signal < lowest)) lowest = signal;
    }
    return lowest;
  }

  /** Delivers one pending signal on the way back to user mode (do_signal). Returns false if the task died. */
  private deliverSignal(task: Task): boolean {
    const signal = this.deliverableSignal(task);
    if (signal === undefined) return true;
    const info = task.pendingSignals.get(signal)!;
    task.pendingSignals.delete(signal);
    if (this.debugHooks?.interceptSignal(task, signal, info, false)) return true;
    const action = actionOf(task, signal);
    if (action.handler === SIG_IGN) return true;
    if (action.handler === SIG_DFL) {
      if (defaultActionStops(signal)) {
        // A stop signal that was blocked when it came: the process stops now that it is delivered.
        this.stopProcess(task, signal);
        this.stoppedTasks.add(task);
        return false;
      }
      if (!defaultActionTerminates(signal)) return true;
      this.killProcess(task, signal);
      return false;
    }
    const savedMask = task.savedSigmask ?? task.sigmask.slice();
    task.savedSigmask = null;
    if (!setupFrame(task, this.physical, signal, info, action, savedMask)) {
      this.killProcess(task, Signal.SIGSEGV, `no room for the ${signalName(signal)} frame below sp 0x${(task.regs[2] >>> 0).toString(16)}`);
      return false;
    }
    task.sigmask[0] |= action.mask[0];
    task.sigmask[1] |= action.mask[1];
    if (!(action.flags & SA_NODEFER)) addToSet(task.sigmask, signal);
    task.sigmask[0] &= ~((1 << (Signal.SIGKILL - 1)) | (1 << (Signal.SIGSTOP - 1)));
    if (action.flags & SA_RESETHAND) task.sigactions.delete(signal);
    return true;
  }

  /**
   * A fault the task caused (force_sig_fault): its handler runs if it has one that is neither blocked nor
   * ignored; otherwise the process dies of the signal, with a line on stderr saying where.
   */
  private forceSignal(task: Task, signal: Signal, addr: number, reason: string): void {
    if (this.debugHooks?.interceptSignal(task, signal, makeSiginfo(signal, SI_KERNEL, { addr }), true)) return;
    const action = actionOf(task, signal);
    if (action.handler <= SIG_IGN || inSet(task.sigmask, signal)) {
      this.killProcess(task, signal, reason);
      return;
    }
    task.pendingSignals.set(signal, makeSiginfo(signal, SI_KERNEL, { addr }));
  }

  /**
   * The leaders of the processes still alive, a leader that exited alone included: the targets of kill(2) and of
   * signals typed on the terminal.
   */
  liveProcesses(): Task[] {
    return [...this.tasks.values()].filter((task) => task.isGroupLeader && this.processAlive(task.tgid));
  }

  private processAlive(tgid: number): boolean {
    for (const task of this.tasks.values()) if (task.tgid === tgid && task.state !== 'zombie') return true;
    return false;
  }

  private pickNext(): Task | undefined {
    this.expireSleepers(this.sinceBoot());
    for (let task = this.runQueue.shift(); task; task = this.runQueue.shift()) {
      if (!this.tasks.get(task.tgid)?.stopSignal) return task;
      this.stoppedTasks.add(task);
    }
    return undefined;
  }

  /** Ends the timed waits whose deadline is `now` or earlier. */
  private expireSleepers(now: number): void {
    for (const task of this.sleepers) {
      if (task.blocked?.deadline !== undefined && task.blocked.deadline <= now) this.wake(task, 'timeout');
    }
  }

  /** Runs one slice of the task and charges the time it took (on the kernel's clock) to its process, as user or system time. */
  private runTask(task: Task): void {
    const start = this.sinceBoot();
    const userTime = this.runSlice(task);
    // A process that was reaped meanwhile took its times with it.
    const leader = this.tasks.get(task.tgid);
    if (!leader) return;
    leader.userTime += userTime;
    leader.systemTime += this.sinceBoot() - start - userTime;
  }

  /**
   * Finishes a woken syscall, delivers signals, runs user code up to the next trap and handles it. Returns the
   * milliseconds spent in user code.
   */
  private runSlice(task: Task): number {
    this.switchTo(task);
    const pending = this.resumeKind.get(task);
    if (pending) {
      this.resumeKind.delete(task);
      const blocked = task.blocked!;
      task.blocked = null;
      if (blocked.pageFault) {
        // The faulting instruction runs again (after a signal's handler, if a signal ended the wait).
        if (pending === 'signal') blocked.cancel?.();
      } else if (pending === 'signal') {
        blocked.cancel?.();
        this.interruptSyscall(task, blocked);
      } else {
        this.mem.lastFault = null;
        const result = pending === 'timeout' && blocked.onTimeout ? blocked.onTimeout() : blocked.resume();
        if (!this.complete(task, result)) return 0;
      }
    }
    if (task.pendingSignals.size > 0 && !this.deliverSignal(task)) return 0;
    const hart = this.hart;
    hart.regs.set(task.regs);
    hart.pc = task.pc;
    const userStart = this.sinceBoot();
    const reason = this.debugHooks ? this.debugHooks.runUser(task, TIME_SLICE) : hart.run(TIME_SLICE);
    const userTime = this.sinceBoot() - userStart;
    task.regs.set(hart.regs);
    task.pc = hart.pc;
    if (reason === StopReason.UserTrap) this.handleTrap(task);
    if (task.state === 'runnable' && !this.runQueue.includes(task)) this.runQueue.push(task);
    return userTime;
  }

  private switchTo(task: Task): void {
    // The same task may come back with a new address space: its execve released the one that was active.
    if (this.activeMm !== task.mm) {
      this.activeMm?.deactivate();
      task.mm.activate();
      this.activeMm = task.mm;
    }
    if (this.current === task) return;
    this.hart.clearReservation();
    this.current = task;
  }

  private handleTrap(task: Task): void {
    const cause = this.hart.mcause;
    if (cause === CAUSE.ecallFromU) {
      task.pc = (task.pc + 4) | 0;
      this.syscall(task);
      return;
    }
    const where = `pc 0x${(this.hart.mepc >>> 0).toString(16)}`;
    const address = `0x${(this.hart.mtval >>> 0).toString(16)}`;
    const mtval = this.hart.mtval;
    switch (cause) {
      case CAUSE.illegalInstruction:
        this.forceSignal(task, Signal.SIGILL, this.hart.mepc, `illegal instruction 0x${(mtval >>> 0).toString(16).padStart(8, '0')} at ${where}`);
        break;
      case CAUSE.breakpoint:
        this.forceSignal(task, Signal.SIGTRAP, this.hart.mepc, `ebreak at ${where}`);
        break;
      case CAUSE.instructionMisaligned:
      case CAUSE.loadMisaligned:
      case CAUSE.storeMisaligned:
        this.forceSignal(task, Signal.SIGBUS, mtval, `${causeName(cause)} (address ${address}) at ${where}`);
        break;
      case CAUSE.instructionAccessFault:
      case CAUSE.loadAccessFault:
      case CAUSE.storeAccessFault: {
        // A missing page registered with a userfaultfd: the thread waits for the handler to fill it.
        const userfault = handleUserfault(task, mtval >>> 0, cause === CAUSE.storeAccessFault);
        const fault = `${causeName(cause)} at address ${address}, ${where}`;
        if (userfault === 'sigbus') this.forceSignal(task, Signal.SIGBUS, mtval, `${fault} (a missing page of a userfaultfd with UFFD_FEATURE_SIGBUS)`);
        else if (userfault) this.block(task, userfault);
        else this.forceSignal(task, Signal.SIGSEGV, mtval, `${fault} (outside every mapping of this process)`);
        break;
      }
      default:
        this.forceSignal(task, Signal.SIGSEGV, mtval, `${causeName(cause)} at address ${address}, ${where} (outside every mapping of this process)`);
    }
  }

  private syscall(task: Task): void {
    const regs = task.regs;
    const nr = regs[17];
    const handler = SYSCALLS[nr];
    const ctx: SyscallContext = { kernel: this, task, mem: this.mem };
    this.strace?.enter(task, nr, regs);
    task.syscallArg0 = regs[10];
    this.mem.lastFault = null;
    let result: SyscallResult;
    if (handler) {
      result = handler(ctx, regs[10], regs[11], regs[12], regs[13], regs[14], regs[15]);
    } else {
      if (!QUIETLY_ABSENT.has(nr) && !this.warnedSyscalls.has(nr)) {
        this.warnedSyscalls.add(nr);
        this.log(`rvnommu: unimplemented syscall ${nr} (${syscallName(nr)}) called by pid ${task.pid} (${task.comm}): returning ENOSYS`);
      }
      result = -Errno.ENOSYS;
    }
    if (result === -Errno.EPIPE && WRITE_SYSCALLS.has(nr)) this.sendSignal(task, Signal.SIGPIPE, makeSiginfo(Signal.SIGPIPE, SI_USER, { pid: task.tgid }), true);
    this.complete(task, result);
  }

  /**
   * A signal ended a blocked syscall: it restarts (ecall again with its original a0) when the handler asked for
   * SA_RESTART, else it fails (EINTR, or what the call says).
   */
  private interruptSyscall(task: Task, blocked: Blocked): void {
    const signal = this.deliverableSignal(task);
    const action = signal === undefined ? undefined : actionOf(task, signal);
    if (blocked.restart && action && action.handler > SIG_IGN && action.flags & SA_RESTART) {
      task.pc = (task.pc - 4) | 0;
      task.regs[10] = task.syscallArg0;
      this.strace?.exited(task);
    } else {
      this.complete(task, blocked.onInterrupt ? blocked.onInterrupt() : -Errno.EINTR);
    }
  }

  /** Finishes a syscall (a0 = result) or parks the task; returns true if the task can go on running. */
  private complete(task: Task, result: SyscallResult): boolean {
    // A call that stopped the machine (reboot(2)) does not return, as the call that ended its task.
    if (task.state === 'zombie' || this.stopped) {
      this.strace?.exited(task);
      return false;
    }
    if (isBlocked(result)) {
      this.strace?.blocked(task);
      this.block(task, result);
      return false;
    }
    if (result === -Errno.EFAULT && this.waitForUserPage(task)) return false;
    this.strace?.exit(task, result);
    task.regs[10] = result;
    if (task.savedSigmask && task.pendingSignals.size === 0) {
      task.sigmask.set(task.savedSigmask);
      task.savedSigmask = null;
    }
    return true;
  }

  /**
   * The syscall failed with EFAULT on a missing page of a userfaultfd that handles kernel faults: where Linux's
   * copy_to_user would wait inside the page fault, the task waits for the page and then makes the call again
   * (ecall with its original a0, its temporary signal mask undone). That is exact for calls that take their user
   * buffers before any side effect, as read and write do; see kernel/uffd/README.md.
   */
  private waitForUserPage(task: Task): boolean {
    const fault = this.mem.lastFault;
    const wait = fault && handleUserfault(task, fault.page, fault.write, true);
    if (!wait || wait === 'sigbus') return false;
    task.pc = (task.pc - 4) | 0;
    task.regs[10] = task.syscallArg0;
    if (task.savedSigmask) {
      task.sigmask.set(task.savedSigmask);
      task.savedSigmask = null;
    }
    this.strace?.blocked(task);
    this.block(task, wait);
    return true;
  }

  private block(task: Task, blocked: Blocked): void {
    task.state = 'blocked';
    task.blocked = blocked;
    const index = this.runQueue.indexOf(task);
    if (index >= 0) this.runQueue.splice(index, 1);
    this.subscriptions.set(task, blocked.queues.map((queue) => queue.subscribe(() => this.wake(task, 'event'))));
    if (blocked.deadline !== undefined) this.sleepers.add(task);
  }

  private cancelWait(task: Task): void {
    for (const unsubscribe of this.subscriptions.get(task) ?? []) unsubscribe();
    this.subscriptions.delete(task);
    this.sleepers.delete(task);
    this.resumeKind.delete(task);
  }

  private wake(task: Task, kind: 'event' | 'timeout' | 'signal'): void {
    if (task.state !== 'blocked') return;
    this.cancelWait(task);
    task.state = 'runnable';
    this.resumeKind.set(task, kind);
    this.runQueue.push(task);
    this.wakeIdle?.();
  }

  /** Ends a wait for host events at once (a debugger's interrupt while every task is blocked). */
  stopIdling(): void {
    this.wakeIdle?.();
  }

  /**
   * Nothing can run: wait for a host event (input, a woken queue) or the nearest sleeper's deadline. A clock that
   * does not run by itself jumps to that deadline instead, and the sleepers it ends wake at once.
   */
  private idle(): Promise<void> {
    let deadline = Infinity;
    for (const task of this.sleepers) deadline = Math.min(deadline, task.blocked?.deadline ?? Infinity);
    const hostWait = deadline === Infinity ? Infinity : this.sources.idleUntil(deadline);
    if (hostWait === 0) {
      // Woken by the deadline itself, not by comparing it with a clock read back (which rounding could leave short).
      this.expireSleepers(deadline);
      return yieldToHost();
    }
    const delay = Math.min(hostWait, 1000);
    return new Promise((resolve) => {
      const timer = setTimeout(done, delay);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeIdle = () => {
        this.wakeIdle = null;
        done();
      };
    });
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

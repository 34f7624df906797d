import type { LoadSegment } from '../binfmt/ElfLoader.js';
import { PRIV_U } from '../cpu/Csr.js';
import { StopReason } from '../cpu/Hart.js';
import type { KernelDebugHooks } from '../kernel/DebugHooks.js';
import type { Kernel } from '../kernel/Kernel.js';
import { SI_USER, makeSiginfo } from '../kernel/SignalDelivery.js';
import type { Task } from '../kernel/Task.js';
import type { DebugTarget, ResumeRequest, StopCause, StopEvent, ThreadId, ThreadInfo } from './DebugTarget.js';
import { HartSite } from './HartSite.js';
import { PhysicalAccess } from './PhysicalAccess.js';
import { SymbolTable } from './SymbolTable.js';

export interface KernelTargetOptions {
  /**
   * Every task of the machine is a thread of the target, not just those of the program's process: hooks see the
   * instructions of child processes too (a trace of everything that runs).
   */
  readonly wholeMachine?: boolean;
}

type Stop = { readonly thread: ThreadId; readonly cause: StopCause };

/** A signal the debugger took over (KernelDebugHooks.interceptSignal), reported as a 'signal' stop. */
interface SignalStop {
  readonly task: Task;
  readonly signal: number;
  readonly info: Uint8Array;
  readonly fault: boolean;
}

/**
 * A program under the kernel as a debug target, the way ptrace sees a process: its threads are the tasks of the
 * thread group, memory is the one physical address space, signals stop for the debugger before they act.
 *
 * The kernel's own scheduler loop keeps running the machine (blocking syscalls, sleepers and host input work as
 * without a debugger); the target attaches KernelDebugHooks to it. `resume` lets the loop go on and resolves when
 * a hook records a stop and the loop, at its next slice boundary, is held. Tasks run at full speed unless the
 * request has a hook or a step for them.
 */
export class KernelTarget implements DebugTarget {
  private symbolTable: SymbolTable;
  readonly csrs: readonly number[] = [];
  readonly hasPrivilege = false;
  readonly osabi = 'GNU/Linux';
  private readonly memory: PhysicalAccess;
  private readonly site: HartSite;
  private readonly tgid: number;
  /** The task whose program the process runs: the first one's, or the last to execve's. */
  private image: Task;
  private readonly wholeMachine: boolean;
  private started = false;
  private request: ResumeRequest = {};
  /** The stepping thread has executed its instruction: it stops before its next one. */
  private stepTaken = false;
  /** What stopped the machine, reported when the scheduler reaches its next slice boundary. */
  private stop: Stop | undefined;
  private lastStop: Stop | undefined;
  private signalStop: SignalStop | undefined;
  /** A signal the debugger passed on: it goes to the task without stopping again. */
  private passing: { readonly task: Task; readonly signal: number } | undefined;
  private interruptRequested = false;
  private ended: StopEvent | undefined;
  /** Settles the pending `resume`. */
  private report: ((event: StopEvent) => void) | undefined;
  /** Lets the held scheduler go on. */
  private release: (() => void) | undefined;
  /** The task whose registers are on the hart right now (inside runUser), not in its saved context. */
  private onHart: Task | undefined;
  /** The traced task that ran last: the thread an interrupt reports. */
  private lastRan: Task | undefined;
  private readonly hooks: KernelDebugHooks = {
    runUser: (task, budget) => this.runUser(task, budget),
    interceptSignal: (task, signal, info, fault) => this.interceptSignal(task, signal, info, fault),
    hold: () => this.hold(),
    execed: (task, program) => this.execed(task, program),
  };

  /** `first` is the program's process, spawned and not yet run; `program` its program file (ELF or bFLT). */
  constructor(
    private readonly kernel: Kernel,
    private readonly first: Task,
    program: Uint8Array,
    readonly name: string,
    options: KernelTargetOptions = {},
  ) {
    this.tgid = first.tgid;
    this.image = first;
    this.wholeMachine = options.wholeMachine ?? false;
    this.symbolTable = SymbolTable.ofProgram(program, name, first.loadMap);
    this.memory = new PhysicalAccess(kernel.physical);
    this.site = new HartSite(kernel.hart, first.tid);
  }

  get symbols(): SymbolTable {
    return this.symbolTable;
  }

  threads(): readonly ThreadInfo[] {
    const threads: ThreadInfo[] = [];
    for (const task of this.kernel.tasks.values()) if (this.isThread(task)) threads.push({ id: task.tid, name: task.comm });
    return threads;
  }

  registers(thread: ThreadId): Int32Array | undefined {
    const task = this.thread(thread);
    if (!task) return undefined;
    const hart = this.kernel.hart;
    const values = new Int32Array(33);
    values.set(task === this.onHart ? hart.regs : task.regs);
    values[32] = task === this.onHart ? hart.pc : task.pc;
    return values;
  }

  setRegister(thread: ThreadId, index: number, value: number): boolean {
    const task = this.thread(thread);
    if (!task || !Number.isInteger(index) || index < 1 || index > 32) return false;
    const hart = this.kernel.hart;
    if (index === 32) {
      if (task === this.onHart) hart.pc = value | 0;
      else task.pc = value | 0;
    } else {
      (task === this.onHart ? hart.regs : task.regs)[index] = value;
    }
    return true;
  }

  readCsr(): number | undefined {
    return undefined;
  }

  privilege(): number {
    return PRIV_U;
  }

  readMemory(address: number, length: number): Uint8Array {
    return this.memory.read(address, length);
  }

  writeMemory(address: number, bytes: Uint8Array): boolean {
    return this.memory.write(address, bytes);
  }

  loadMap(): readonly LoadSegment[] {
    return this.image.loadMap;
  }

  auxv(): Uint8Array {
    return this.image.savedAuxv;
  }

  interrupt(): void {
    this.interruptRequested = true;
    this.kernel.stopIdling();
  }

  resume(request: ResumeRequest): Promise<StopEvent> {
    if (this.ended) return Promise.resolve(this.ended);
    if (request.step !== undefined && !this.thread(request.step)) {
      return Promise.resolve({ kind: 'failed', message: `no thread ${request.step}` });
    }
    this.request = request;
    this.stepTaken = false;
    this.interruptRequested = false;
    this.passSignal(request.signal);
    const event = new Promise<StopEvent>((resolve) => (this.report = resolve));
    const release = this.release;
    this.release = undefined;
    if (release) release();
    else if (!this.started) this.start();
    return event;
  }

  /** Starts the kernel's scheduler on the program, with this target's hooks attached, until the process ends. */
  private start(): void {
    this.started = true;
    this.kernel.debugHooks = this.hooks;
    this.kernel.run(this.first).then(
      (status) => this.finish(status & 0x7f ? { kind: 'signalled', signal: status & 0x7f } : { kind: 'exited', code: (status >> 8) & 0xff }),
      (error: unknown) => this.finish({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }

  private finish(event: StopEvent): void {
    this.kernel.debugHooks = null;
    this.ended = event;
    this.settle(event);
  }

  private settle(event: StopEvent): void {
    const report = this.report;
    this.report = undefined;
    report?.(event);
  }

  private runUser(task: Task, budget: number): StopReason {
    // A signal stop taken on the way back to user mode: nothing of this slice runs.
    if (this.stop) return StopReason.Budget;
    const hart = this.kernel.hart;
    if (!this.isThread(task)) return hart.run(budget);
    this.lastRan = task;
    const hook = this.request.hook;
    const stepping = this.request.step === task.tid;
    if (!hook && !stepping) return hart.run(budget);
    this.site.thread = task.tid;
    this.onHart = task;
    try {
      for (let ran = 0; ran < budget; ran++) {
        const cause: StopCause | undefined = stepping && this.stepTaken ? { kind: 'step' } : hook?.before(this.site);
        if (cause) {
          this.stop = { thread: task.tid, cause };
          return StopReason.Budget;
        }
        if (stepping) this.stepTaken = true;
        const reason = hart.run(1);
        if (reason !== StopReason.Budget) return reason;
      }
      return StopReason.Budget;
    } finally {
      this.onHart = undefined;
    }
  }

  private interceptSignal(task: Task, signal: number, info: Uint8Array, fault: boolean): boolean {
    if (!this.isThread(task)) return false;
    const passing = this.passing;
    if (passing?.task === task && passing.signal === signal) {
      // A passed fault comes back first as the fault again, then (handled) as a pending signal: both go through.
      if (!fault) this.passing = undefined;
      return false;
    }
    this.signalStop = { task, signal, info, fault };
    this.stop = { thread: task.tid, cause: { kind: 'signal', signal } };
    return true;
  }

  /**
   * Resuming with `signal`: the signal goes to the thread that stopped. A fault's own signal is raised again by
   * the faulting instruction when it runs again, exactly as without a debugger; any other signal is sent.
   * Resuming without one discards the signal that stopped the thread (a fault then happens again).
   */
  private passSignal(signal: number | undefined): void {
    const stopped = this.signalStop;
    this.signalStop = undefined;
    if (signal === undefined) return;
    const task = stopped?.task ?? (this.lastStop && this.thread(this.lastStop.thread));
    if (!task) return;
    this.passing = { task, signal };
    if (stopped?.fault && stopped.signal === signal) return;
    const info = stopped?.signal === signal ? stopped.info : makeSiginfo(signal, SI_USER, { pid: task.tgid });
    this.kernel.sendSignal(task, signal, info, true);
  }

  /** The program's process ran a new program: its symbols replace the old ones, and the debugger hears of it. */
  private execed(task: Task, program: Uint8Array): void {
    if (task.tgid !== this.tgid) return;
    const path = task.exe ? this.kernel.vfs.pathName(task.exe, task.fs.root).name : task.comm;
    this.symbolTable = SymbolTable.ofProgram(program, path, task.loadMap);
    this.image = task;
    this.stop = { thread: task.tid, cause: { kind: 'exec', pid: task.tgid, path } };
  }

  private hold(): Promise<void> | undefined {
    let stop = this.stop;
    if (!stop && this.interruptRequested) {
      const thread = this.lastRan && this.isThread(this.lastRan) ? this.lastRan.tid : this.threads()[0]?.id;
      if (thread !== undefined) stop = { thread, cause: { kind: 'interrupt' } };
    }
    if (!stop) return undefined;
    this.stop = undefined;
    this.interruptRequested = false;
    this.lastStop = stop;
    const held = new Promise<void>((resolve) => (this.release = resolve));
    this.settle({ kind: 'stopped', ...stop });
    return held;
  }

  private thread(id: ThreadId): Task | undefined {
    const task = this.kernel.tasks.get(id);
    return task && this.isThread(task) ? task : undefined;
  }

  private isThread(task: Task): boolean {
    return task.state !== 'zombie' && (this.wholeMachine || task.tgid === this.tgid);
  }
}

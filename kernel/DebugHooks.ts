import type { StopReason } from '../cpu/Hart.js';
import type { Task } from './Task.js';

/**
 * What a debugger attached to the kernel (Kernel.debugHooks) gets to decide, ptrace's three places: how a task's
 * user code runs, whether a signal stops for the debugger before it acts, and whether the scheduler may go on.
 * The kernel knows nothing else of debuggers; without one attached it pays a null check per slice.
 */
export interface KernelDebugHooks {
  /**
   * Runs the task's user code on the hart (its registers loaded) for at most `budget` instructions, in place of
   * `hart.run(budget)`: instruction by instruction while breakpoints or a step need it. Stopping early for the
   * debugger returns StopReason.Budget; the task stays runnable with its state saved as after any slice.
   */
  runUser(task: Task, budget: number): StopReason;
  /**
   * A signal is about to act on the task: taken from its pending set for delivery, or raised by a fault of the
   * instruction at its pc (`fault`). True when the debugger stops here and takes the signal over: it passes it on
   * later (queues it, or lets the faulting instruction run again) or discards it.
   */
  interceptSignal(task: Task, signal: number, info: Uint8Array, fault: boolean): boolean;
  /** Asked between slices: a promise while the debugger holds the machine stopped, which settles on resume. */
  hold(): Promise<void> | undefined;
  /**
   * The task's execve succeeded (ptrace's PTRACE_EVENT_EXEC): `program` is the new program file, and the task's exe,
   * loadMap and savedAuxv now describe it. Called before the task runs a new instruction.
   */
  execed(task: Task, program: Uint8Array): void;
}

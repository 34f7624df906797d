/**
 * Blocking without threads: a syscall that cannot complete returns a `Blocked` value naming the queues it waits on
 * and a continuation. The scheduler parks the task; when any of the queues is woken (or the deadline passes, or a
 * signal arrives) it calls `resume`, which either finishes the syscall with a result or blocks again.
 */

export type SyscallResult = number | Blocked;

export interface Blocked {
  readonly kind: 'blocked';
  readonly queues: readonly WaitQueue[];
  /** Called when a queue is woken: retries the operation. */
  readonly resume: () => SyscallResult;
  /** When to give up (on the kernel's clock, Kernel.sinceBoot), with the result `onTimeout` returns. */
  readonly deadline?: number;
  readonly onTimeout?: () => SyscallResult;
  /** Whether a signal interrupts the wait (EINTR or restart); false only for uninterruptible waits such as vfork. */
  readonly interruptible: boolean;
  /** Undoes what the blocked call registered (e.g. a futex waiter) when a signal ends the wait instead. */
  readonly cancel?: () => void;
  /** Whether SA_RESTART restarts the call after a handler (false: always EINTR, like sigsuspend and nanosleep). */
  readonly restart: boolean;
  /**
   * The task waits inside a page fault (a userfaultfd missing page), not a syscall: no result is written when the
   * wait ends; the task re-executes the faulting instruction, after running a signal handler if a signal ended it.
   */
  readonly pageFault: boolean;
  /** The result when a signal ends the wait and the call is not restarted: -EINTR unless given (nanosleep first
   * writes the time left). */
  readonly onInterrupt?: () => number;
}

export function block(
  queues: WaitQueue | readonly WaitQueue[],
  resume: () => SyscallResult,
  options: {
    deadline?: number;
    onTimeout?: () => SyscallResult;
    interruptible?: boolean;
    cancel?: () => void;
    restart?: boolean;
    pageFault?: boolean;
    onInterrupt?: () => number;
  } = {},
): Blocked {
  return {
    kind: 'blocked',
    queues: Array.isArray(queues) ? queues : [queues as WaitQueue],
    resume,
    deadline: options.deadline,
    onTimeout: options.onTimeout,
    interruptible: options.interruptible ?? true,
    cancel: options.cancel,
    restart: options.restart ?? true,
    pageFault: options.pageFault ?? false,
    onInterrupt: options.onInterrupt,
  };
}

export function isBlocked(result: SyscallResult): result is Blocked {
  return typeof result !== 'number';
}

/** Something tasks can wait for. Waking is level-triggered: woken waiters re-check their condition in `resume`. */
export class WaitQueue {
  private readonly waiters = new Set<() => void>();

  constructor(readonly name: string) {}

  /** Registers a callback for the next wake-up; returns a function that unregisters it. */
  subscribe(waiter: () => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }

  wakeAll(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  get size(): number {
    return this.waiters.size;
  }
}

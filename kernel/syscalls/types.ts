import type { Kernel } from '../Kernel.js';
import type { Task } from '../Task.js';
import type { UserMemory } from '../UserMemory.js';
import type { SyscallResult } from '../WaitQueue.js';

/** What a syscall handler is given: the kernel, the calling task and checked access to user memory. */
export interface SyscallContext {
  readonly kernel: Kernel;
  readonly task: Task;
  readonly mem: UserMemory;
}

/**
 * A syscall handler receives the raw argument registers a0-a5 as signed 32-bit integers (use `>>> 0` for
 * addresses and sizes) and returns the value for a0: a result, a negative errno, or `Blocked`.
 */
export type SyscallHandler = (
  ctx: SyscallContext,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
) => SyscallResult;

/** Handlers of one area (files, processes, memory...) by syscall number. */
export type SyscallTable = Readonly<Record<number, SyscallHandler>>;

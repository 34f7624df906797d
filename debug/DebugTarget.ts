import type { LoadSegment } from '../binfmt/ElfLoader.js';
import type { SymbolTable } from './SymbolTable.js';

/**
 * What a debugger front end (the GDB stub, the built-in debugger, the tracer) needs from a machine.
 *
 * The bare machine implements it with one thread; the kernel implements it with one thread per task, all sharing
 * the one physical address space of a no-MMU system. Execution is always driven by `resume`: a target runs at full
 * speed unless the request carries an InstructionHook, and only then pays for a check before every instruction.
 * Nothing here touches the interpreter's hot path.
 */
export interface DebugTarget {
  /** Names the program for messages (the ELF path). */
  readonly name: string;
  /** The program's symbols at their load addresses: a new program's after an 'exec' stop. */
  readonly symbols: SymbolTable;
  /** CSR numbers the debugger may read (all of them architectural M-mode CSRs for the bare machine, none for a task). */
  readonly csrs: readonly number[];
  /** True when `privilege` means something (the bare machine runs M and U code; a task is always U). */
  readonly hasPrivilege: boolean;
  /** `GNU/Linux` for programs under the kernel (GDB then uses the Linux ABI); absent for bare metal. */
  readonly osabi?: string;

  /** Live threads, the initial one first. */
  threads(): readonly ThreadInfo[];
  /** General registers x0..x31 and pc (index 32) of a stopped thread; undefined for an unknown thread. */
  registers(thread: ThreadId): Int32Array | undefined;
  /** Sets x1..x31 or pc (index 32); false for an unknown thread or register, or x0. */
  setRegister(thread: ThreadId, index: number, value: number): boolean;
  /** A CSR's value, or undefined when the target has no such CSR. */
  readCsr(csr: number): number | undefined;
  /** The privilege level (0 U, 3 M) of the hart. */
  privilege(): number;

  /** Up to `length` bytes at `address`: shorter (possibly empty) where memory ends or is not RAM/ROM. */
  readMemory(address: number, length: number): Uint8Array;
  /** Writes bytes as the debugger sees memory (ROM included); false, writing nothing, if any byte has no memory. */
  writeMemory(address: number, bytes: Uint8Array): boolean;

  /**
   * Where each segment of the program runs (run-time address, link address, size): one displacement for all of a
   * static PIE's, one each for an FDPIC program's text and data. Empty for a program linked where it runs.
   */
  loadMap(): readonly LoadSegment[];
  /** The program's ELF auxiliary vector as it lies on its initial stack (kernel targets); GDB reads AT_ENTRY. */
  auxv?(): Uint8Array;

  /**
   * Runs the machine until it stops. Without a hook the machine runs at full speed and stops only on `interrupt`,
   * `stepping`, or its own end. With a hook, `hook.before` is consulted before every instruction of every thread.
   * Resolves (never rejects) with the reason; the thread that stopped is left current.
   */
  resume(request: ResumeRequest): Promise<StopEvent>;
  /** Asks a running `resume` to stop soon with cause 'interrupt' (GDB's ^C); safe to call at any time. */
  interrupt(): void;
}

export type ThreadId = number;

export interface ThreadInfo {
  readonly id: ThreadId;
  /** Shown by `info threads` (the task's comm for the kernel, "hart0" for the bare machine). */
  readonly name: string;
}

export interface ResumeRequest {
  /** Execute exactly one instruction of this thread (other threads may run meanwhile), then stop with 'step'. */
  readonly step?: ThreadId;
  /**
   * Deliver this (Linux-numbered) signal to the resumed thread first: how a debugger passes on the signal a
   * 'signal' stop reported. Absent: the signal that stopped it is discarded. The bare machine has no signals.
   */
  readonly signal?: number;
  /** Consulted before every instruction; returning a cause stops the machine before that instruction. */
  readonly hook?: InstructionHook;
}

/** The state of the thread about to execute an instruction, as a hook sees it. One object, reused: read, don't keep. */
export interface InstructionSite {
  readonly thread: ThreadId;
  readonly pc: number;
  /** x0..x31 of that thread. */
  readonly regs: Int32Array;
  /** The instruction word at `address` as that thread would fetch it; undefined if the fetch would fault. */
  fetch(address: number): number | undefined;
}

export interface InstructionHook {
  before(site: InstructionSite): StopCause | undefined;
}

export type StopCause =
  | { readonly kind: 'breakpoint'; readonly address: number }
  | { readonly kind: 'watchpoint'; readonly access: WatchAccess; readonly address: number }
  | { readonly kind: 'syscall'; readonly number: number }
  /** The thread is about to receive a (Linux-numbered) signal, e.g. SIGSEGV for a fault: stopped before delivery. */
  | { readonly kind: 'signal'; readonly signal: number }
  /**
   * The program's process replaced its program (execve, kernel targets): stopped at the new program's first
   * instruction, its symbols and load map already the target's. `path` is the program file's absolute path.
   */
  | { readonly kind: 'exec'; readonly pid: number; readonly path: string }
  | { readonly kind: 'step' }
  | { readonly kind: 'interrupt' };

export type WatchAccess = 'write' | 'read' | 'access';

export type StopEvent =
  | { readonly kind: 'stopped'; readonly thread: ThreadId; readonly cause: StopCause }
  /** The program ended: the bare machine's HTIF exit code, or the first process's exit code. */
  | { readonly kind: 'exited'; readonly code: number }
  /** The first process was killed by a (Linux-numbered) signal (kernel targets). */
  | { readonly kind: 'signalled'; readonly signal: number }
  /** The machine cannot go on (a trap loop, WFI with no interrupt source): one line for the user. */
  | { readonly kind: 'failed'; readonly message: string };

/** One hook asking each of `hooks` in turn (the first stop wins); undefined when there is nothing to ask. */
export function combineHooks(...hooks: (InstructionHook | undefined)[]): InstructionHook | undefined {
  const present = hooks.filter((hook): hook is InstructionHook => hook !== undefined);
  if (present.length <= 1) return present[0];
  return {
    before(site) {
      for (const hook of present) {
        const cause = hook.before(site);
        if (cause) return cause;
      }
      return undefined;
    },
  };
}

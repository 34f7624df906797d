import type { InstructionHook, InstructionSite, StopCause, ThreadId, WatchAccess } from './DebugTarget.js';
import { decodeMemoryAccess, type MemoryAccess } from './MemoryAccess.js';

const ECALL = 0x0000_0073;
const A7 = 17;

interface Watchpoint {
  readonly address: number;
  readonly length: number;
  readonly access: WatchAccess;
}

/**
 * Code breakpoints, data watchpoints and syscall catchpoints, checked before each instruction the way hardware
 * triggers are: a breakpoint stops before the instruction at its address runs, a watchpoint stops before the load
 * or store that touches its bytes (so the store has not happened yet and the old value is still in memory), a
 * syscall catchpoint stops before the ecall.
 *
 * Why before and not after: GDB's RISC-V support treats watchpoints as non-steppable (it single-steps the
 * reported instruction itself and then compares values), as real RISC-V triggers fire before the access.
 */
export class Breakpoints implements InstructionHook {
  private readonly code = new Set<number>();
  private readonly watchpoints: Watchpoint[] = [];
  /** Syscall numbers to stop at; `all` catches every ecall. */
  private syscalls: Set<number> | 'all' = new Set();
  /** Resuming from a stop must run the instruction there: GDB removes its breakpoints, our debugger asks here. */
  private passing: { thread: ThreadId; pc: number } | undefined;
  private readonly access: MemoryAccess = { address: 0, width: 0, reads: false, writes: false };

  get isEmpty(): boolean {
    return this.code.size === 0 && !this.decodes;
  }

  addBreakpoint(address: number): void {
    this.code.add(address >>> 0);
  }

  removeBreakpoint(address: number): void {
    this.code.delete(address >>> 0);
  }

  hasBreakpoint(address: number): boolean {
    return this.code.has(address >>> 0);
  }

  addWatchpoint(address: number, length: number, access: WatchAccess): void {
    if (!this.findWatchpoint(address, length, access)) this.watchpoints.push({ address: address >>> 0, length, access });
  }

  removeWatchpoint(address: number, length: number, access: WatchAccess): void {
    const found = this.findWatchpoint(address, length, access);
    if (found) this.watchpoints.splice(this.watchpoints.indexOf(found), 1);
  }

  /** Stops before ecalls with a7 = `number`, or before every ecall when `number` is undefined. */
  catchSyscall(number?: number): void {
    if (number === undefined) this.syscalls = 'all';
    else if (this.syscalls !== 'all') this.syscalls.add(number);
  }

  clearSyscallCatches(): void {
    this.syscalls = new Set();
  }

  /**
   * Lets `thread` execute the instruction at `pc` once without stopping at a breakpoint or syscall catchpoint
   * there: resuming from such a stop. Watchpoints still apply: they stop before the access, which has not
   * happened yet.
   */
  passOnce(thread: ThreadId, pc: number): void {
    this.passing = { thread, pc: pc >>> 0 };
  }

  before(site: InstructionSite): StopCause | undefined {
    const pc = site.pc >>> 0;
    let passes = false;
    if (this.passing !== undefined && this.passing.thread === site.thread) {
      passes = this.passing.pc === pc;
      this.passing = undefined;
    }
    if (!passes && this.code.has(pc)) return { kind: 'breakpoint', address: pc };
    if (!this.decodes) return undefined;
    const inst = site.fetch(pc);
    if (inst === undefined) return undefined;
    if (inst === ECALL && !passes && (this.syscalls === 'all' || this.syscalls.has(site.regs[A7]))) {
      return { kind: 'syscall', number: site.regs[A7] };
    }
    if (this.watchpoints.length === 0 || !decodeMemoryAccess(inst, site.regs, this.access)) return undefined;
    const { address, width, reads, writes } = this.access;
    for (const watch of this.watchpoints) {
      const wanted = watch.access === 'access' ? reads || writes : watch.access === 'read' ? reads : writes;
      if (wanted && overlaps(address, width, watch.address, watch.length)) {
        return { kind: 'watchpoint', access: watch.access, address: Math.max(address, watch.address) >>> 0 };
      }
    }
    return undefined;
  }

  /** Whether the instruction itself must be looked at (watchpoints and catchpoints), not just its address. */
  private get decodes(): boolean {
    return this.watchpoints.length > 0 || this.syscalls === 'all' || this.syscalls.size > 0;
  }

  private findWatchpoint(address: number, length: number, access: WatchAccess): Watchpoint | undefined {
    return this.watchpoints.find((w) => w.address === address >>> 0 && w.length === length && w.access === access);
  }
}

/** Whether [a, a+aLength) and [b, b+bLength) share a byte, in the 32-bit space (no wrap-around needed: both fit). */
function overlaps(a: number, aLength: number, b: number, bLength: number): boolean {
  return a < b + bLength && b < a + aLength;
}

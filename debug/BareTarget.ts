import type { LoadSegment } from '../binfmt/ElfLoader.js';
import type { BareMachine } from '../cpu/BareMachine.js';
import { CSR, MISA_VALUE, causeName } from '../cpu/Csr.js';
import { StopReason } from '../cpu/Hart.js';
import type { DebugTarget, ResumeRequest, StopCause, StopEvent, ThreadId, ThreadInfo } from './DebugTarget.js';
import { HartSite } from './HartSite.js';
import { PhysicalAccess } from './PhysicalAccess.js';
import { SymbolTable } from './SymbolTable.js';

/** The bare machine has one hart, shown to debuggers as thread 1 (GDB thread ids start at 1). */
const HART_THREAD = 1;
/** Instructions per slice between device updates, as in BareMachine.run. */
const SLICE = 100_000;
/** Host time one `resume` chunk may take before it lets the event loop read the debugger's ^C. */
const CHUNK_MS = 20;
/** Instructions in a row that trap without one retiring: the hart is in a trap loop and will never leave it. */
const TRAP_LOOP_LIMIT = 100_000;

/**
 * The CSRs the hart keeps in public fields. mcycle/minstret are left out: software may have rewritten them, and
 * their offsets are private to the hart.
 */
const READABLE_CSRS = [
  CSR.mstatus, CSR.misa, CSR.mie, CSR.mtvec, CSR.mcounteren, CSR.mscratch, CSR.mepc, CSR.mcause, CSR.mtval, CSR.mip,
  CSR.mvendorid, CSR.marchid, CSR.mimpid, CSR.mhartid,
];

/**
 * The bare machine as a debug target. Execution follows BareMachine.run slice by slice (timer deadlines, WFI,
 * HTIF exit, trap loops), so a program behaves identically with and without a debugger: time is the instruction
 * count, and a stop between two instructions changes nothing the program can see.
 */
export class BareTarget implements DebugTarget {
  readonly symbols: SymbolTable;
  readonly csrs: readonly number[] = READABLE_CSRS;
  readonly hasPrivilege = true;
  private interruptRequested = false;
  /** Instructions executed since the last one that retired (trap loop detection across slices of any size). */
  private trapStreak = 0;
  private readonly site: HartSite;
  private readonly memory: PhysicalAccess;

  constructor(
    readonly machine: BareMachine,
    readonly name: string,
  ) {
    this.symbols = new SymbolTable(machine.elf.symbols());
    this.site = new HartSite(machine.hart, HART_THREAD);
    this.memory = new PhysicalAccess(machine.memory);
  }

  threads(): readonly ThreadInfo[] {
    return [{ id: HART_THREAD, name: 'hart0' }];
  }

  registers(thread: ThreadId): Int32Array | undefined {
    if (thread !== HART_THREAD) return undefined;
    const values = new Int32Array(33);
    values.set(this.machine.hart.regs);
    values[32] = this.machine.hart.pc;
    return values;
  }

  setRegister(thread: ThreadId, index: number, value: number): boolean {
    if (thread !== HART_THREAD || !Number.isInteger(index) || index < 1 || index > 32) return false;
    if (index === 32) this.machine.hart.pc = value | 0;
    else this.machine.hart.regs[index] = value;
    return true;
  }

  readCsr(csr: number): number | undefined {
    const hart = this.machine.hart;
    switch (csr) {
      case CSR.mstatus: return hart.mstatus;
      case CSR.misa: return MISA_VALUE;
      case CSR.mie: return hart.mie;
      case CSR.mtvec: return hart.mtvec;
      case CSR.mcounteren: return hart.mcounteren;
      case CSR.mscratch: return hart.mscratch;
      case CSR.mepc: return hart.mepc;
      case CSR.mcause: return hart.mcause;
      case CSR.mtval: return hart.mtval;
      case CSR.mip: return hart.mip;
      case CSR.mhartid: return hart.mhartid;
      case CSR.mvendorid:
      case CSR.marchid:
      case CSR.mimpid:
        return 0;
      default:
        return undefined;
    }
  }

  privilege(): number {
    return this.machine.hart.priv;
  }

  readMemory(address: number, length: number): Uint8Array {
    return this.memory.read(address, length);
  }

  writeMemory(address: number, bytes: Uint8Array): boolean {
    return this.memory.write(address, bytes);
  }

  loadMap(): readonly LoadSegment[] {
    return [];
  }

  interrupt(): void {
    this.interruptRequested = true;
  }

  async resume(request: ResumeRequest): Promise<StopEvent> {
    this.interruptRequested = false;
    const exitCode = this.machine.htif.exitCode;
    if (exitCode !== undefined) return { kind: 'exited', code: exitCode };
    if (request.step !== undefined && request.step !== HART_THREAD) {
      return { kind: 'failed', message: `no thread ${request.step}` };
    }
    for (;;) {
      const end = performance.now() + CHUNK_MS;
      do {
        const event = this.slice(request);
        if (event) return event;
      } while (performance.now() < end);
      await new Promise((resolve) => setImmediate(resolve));
      if (this.interruptRequested) return this.stopped({ kind: 'interrupt' });
    }
  }

  /**
   * One slice as BareMachine.run makes them: up to SLICE instructions, ending where the timer fires, then the
   * devices are serviced. With a hook or a step request the slice runs one instruction at a time; the slice
   * boundaries, and so everything the program can observe, stay the same.
   */
  private slice(request: ResumeRequest): StopEvent | undefined {
    const { hart, clint, htif } = this.machine;
    const hook = request.hook;
    const stepping = request.step !== undefined;
    const before = hart.retired;
    const length = stepping ? 1 : Math.min(SLICE, Math.max(1, clint.ticksToDeadline));
    let reason: StopReason;
    let ran = length;
    if (hook === undefined) {
      reason = hart.run(length);
    } else {
      reason = StopReason.Budget;
      for (ran = 0; ran < length && reason === StopReason.Budget; ran++) {
        const cause = hook.before(this.site);
        if (cause) return this.stopped(cause);
        reason = hart.run(1);
      }
    }
    clint.update();
    if (htif.exitCode !== undefined) return { kind: 'exited', code: htif.exitCode };
    if (reason === StopReason.Wfi) {
      clint.skipToDeadline();
      if ((hart.mip & hart.mie) === 0) {
        return this.failed(`hart waits for an interrupt (WFI before pc ${hex(hart.pc)}) that can never come`);
      }
    }
    this.trapStreak = hart.retired === before ? this.trapStreak + ran : 0;
    if (reason === StopReason.Budget && this.trapStreak >= TRAP_LOOP_LIMIT) {
      this.trapStreak = 0;
      return this.failed(
        `hart is stuck in a trap loop: ${causeName(hart.mcause)} at pc ${hex(hart.mepc)}, mtval ${hex(hart.mtval)}, mtvec ${hex(hart.mtvec)}`,
      );
    }
    return stepping ? this.stopped({ kind: 'step' }) : undefined;
  }

  private stopped(cause: StopCause): StopEvent {
    return { kind: 'stopped', thread: HART_THREAD, cause };
  }

  private failed(message: string): StopEvent {
    return { kind: 'failed', message };
  }
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

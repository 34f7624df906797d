import { csrName, formatInstruction } from '../cpu/Disassembler.js';
import type { DebugTarget, InstructionHook, InstructionSite, StopCause, ThreadId } from './DebugTarget.js';

const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const PRIVILEGE_NAMES = ['U', 'S', 'H', 'M'];
/** Lines are handed to the sink in batches of about this many characters. */
const BATCH = 1 << 16;

export interface TracerOptions {
  /** Prefix each line with `[tid] ` (programs under the kernel, which may have several threads). */
  readonly showThread?: boolean;
}

/**
 * `--trace`: one line per executed instruction, written once the instruction has run:
 *
 *     80000150: 00a62023  sw	a0, 0(a2)
 *     80000154: 00158593  addi	a1, a1, 1  a1=0x00000003
 *
 * address, instruction word and llvm-objdump's disassembly (branch targets labelled from the symbol table), then
 * every register the instruction changed, and every CSR and the privilege level when they changed (a trap shows
 * as mepc/mcause/mtval/mstatus and priv changing). Nothing depends on the host, so two runs of a deterministic
 * machine give identical traces that `diff` can compare line by line.
 */
export class Tracer implements InstructionHook {
  private pending: { thread: ThreadId; pc: number; inst: number | undefined } | undefined;
  /** Registers before the pending instruction ran, per thread (a task switch may come between two lines). */
  private readonly registersBefore = new Map<ThreadId, Int32Array>();
  private readonly csrsBefore: Int32Array;
  private privilegeBefore: number;
  private batch = '';
  private readonly symbolize: (address: number) => string | undefined;

  constructor(
    private readonly target: DebugTarget,
    private readonly write: (text: string) => void,
    private readonly options: TracerOptions = {},
  ) {
    this.csrsBefore = Int32Array.from(target.csrs, (csr) => target.readCsr(csr) ?? 0);
    this.privilegeBefore = target.privilege();
    this.symbolize = (address) => target.symbols.label(address);
  }

  before(site: InstructionSite): StopCause | undefined {
    this.complete(site.thread === this.pending?.thread ? site.regs : undefined);
    let saved = this.registersBefore.get(site.thread);
    if (!saved) {
      saved = new Int32Array(32);
      this.registersBefore.set(site.thread, saved);
    }
    saved.set(site.regs);
    this.pending = { thread: site.thread, pc: site.pc >>> 0, inst: site.fetch(site.pc) };
    return undefined;
  }

  /** Writes the line of the last instruction and everything batched; call when the machine stops. */
  flush(): void {
    this.complete(undefined);
    if (this.batch !== '') this.write(this.batch);
    this.batch = '';
  }

  /** Emits the pending instruction's line, given its thread's registers now (read from the target if undefined). */
  private complete(registersAfter: Int32Array | undefined): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const after = registersAfter ?? this.target.registers(pending.thread);
    const before = this.registersBefore.get(pending.thread)!;
    let line = this.options.showThread ? `[${pending.thread}] ` : '';
    // An instruction that cannot be fetched traps; its line then shows the fetch fault's effects.
    line += pending.inst === undefined
      ? `${pending.pc.toString(16).padStart(8, '0')}: ????????  <fetch fault>`
      : formatInstruction(pending.inst, pending.pc, { symbolize: this.symbolize });
    let changes = '';
    if (after) {
      for (let i = 1; i < 32; i++) if (after[i] !== before[i]) changes += ` ${ABI_NAMES[i]}=${hex8(after[i])}`;
    }
    const csrs = this.target.csrs;
    for (let i = 0; i < csrs.length; i++) {
      const value = this.target.readCsr(csrs[i]) ?? 0;
      if (value !== this.csrsBefore[i]) {
        changes += ` ${csrName(csrs[i])}=${hex8(value)}`;
        this.csrsBefore[i] = value;
      }
    }
    const privilege = this.target.privilege();
    if (privilege !== this.privilegeBefore) {
      changes += ` priv=${PRIVILEGE_NAMES[privilege]}`;
      this.privilegeBefore = privilege;
    }
    this.batch += changes === '' ? `${line}\n` : `${line} ${changes}\n`;
    if (this.batch.length >= BATCH) {
      this.write(this.batch);
      this.batch = '';
    }
  }
}

function hex8(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

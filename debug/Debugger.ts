import { csrName, formatInstruction } from '../cpu/Disassembler.js';
import { signalName } from '../kernel/signals.js';
import { SYSCALL_NAMES } from '../kernel/syscalls/names.js';
import { Breakpoints } from './Breakpoints.js';
import {
  type DebugTarget,
  type InstructionHook,
  type StopEvent,
  type ThreadId,
  type WatchAccess,
  combineHooks,
} from './DebugTarget.js';
import { ExpressionError, type ExpressionScope, evaluate } from './Expression.js';
import { unwindFrames } from './FrameUnwinder.js';
import type { Tracer } from './Tracer.js';

const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const PRIVILEGE_NAMES = ['U', 'S', 'H', 'M'];
const PC = 32;
const RA = 1;
const SP = 2;
const FP = 8;
const DEFAULT_WATCH_LENGTH = 4;
const DEFAULT_DUMP_LENGTH = 64;
const DISASSEMBLY_BEFORE = 4;
const DISASSEMBLY_LENGTH = 10;

type Point =
  /** `expression` is what the user typed: it is resolved again in the new program after an exec. */
  | { readonly kind: 'breakpoint'; readonly address: number; readonly expression: string }
  | { readonly kind: 'watchpoint'; readonly address: number; readonly length: number; readonly access: WatchAccess }
  | { readonly kind: 'catchpoint'; readonly syscall: number | undefined };

type ProgramEnd = Exclude<StopEvent, { kind: 'stopped' }>;

/** What a resuming command ended with: the text for the user, and whether it was an ordinary single step. */
interface Report {
  readonly text: string;
  readonly stepped: boolean;
}

const WATCH_TITLES: Record<WatchAccess, string> = { write: 'Watchpoint', read: 'Read watchpoint', access: 'Access watchpoint' };

const HELP = `Commands (addresses: numbers, $registers, symbols, joined by + and -):
  break|b ADDR                 stop before the instruction at ADDR (e.g. b workload, b 0x80000014)
  watch|rwatch|awatch ADDR [N] stop when the N bytes at ADDR (default 4) are written, read, or either
  catch syscall [NR|NAME]      stop before ecalls with a7 = NR (all ecalls without an argument)
  delete|d [N]                 delete breakpoint/watchpoint/catchpoint N, or all of them
  info breakpoints|b           list them
  continue|c                   run until something stops the program
  stepi|si|step|s [N]          execute N instructions (default 1)
  nexti|ni|next|n [N]          like stepi, but run a called function to its return
  regs|info registers          general registers, pc and privilege level
  csrs                         the machine's CSRs
  x|mem ADDR [N]               dump N bytes (default 64)
  disasm|dis [ADDR [N]]        disassemble N instructions at ADDR (default: around pc)
  backtrace|bt                 return addresses along the frame-pointer chain (-fno-omit-frame-pointer)
  print|p EXPR                 value of an expression
  set $REG = EXPR              change a register (x1..x31, pc)
  info threads, thread N       list threads, select the thread the commands look at
  quit|q                       leave the debugger`;

/**
 * The built-in debugger: GDB-style commands over a DebugTarget, for users without GDB. `execute` takes one
 * command line and returns its output; it never throws for bad input (the message is the output).
 *
 * Stops are reported as RISC-V triggers would: before the instruction at a breakpoint, before the ecall of a
 * caught syscall. A watchpoint fires before the access; the debugger then executes the accessing instruction
 * and reports the old and new value and the instruction that did it (a write that leaves the value unchanged
 * does not stop, as in GDB).
 */
export class Debugger {
  private readonly breakpoints = new Breakpoints();
  private readonly points = new Map<number, Point>();
  private nextPoint = 1;
  private thread: ThreadId;
  /** The thread the last stop reported: the one standing on the breakpoint, whichever thread is selected since. */
  private stoppedThread: ThreadId;
  private ended: ProgramEnd | undefined;
  /** A signal a stop reported and the next resume delivers (GDB's default: pass it on). */
  private pendingSignal: number | undefined;
  private quitRequested = false;
  private readonly scope: ExpressionScope;

  constructor(
    private readonly target: DebugTarget,
    private readonly tracer?: Tracer,
  ) {
    this.thread = target.threads()[0].id;
    this.stoppedThread = this.thread;
    this.scope = {
      register: (name) => this.registerValue(name),
      symbol: (name) => {
        const symbols = this.target.symbols;
        if (symbols.unavailable) throw new ExpressionError(`no symbol '${name}': ${symbols.unavailable}`);
        return symbols.lookup(name)?.address;
      },
    };
  }

  /** True once `quit` was given. */
  get done(): boolean {
    return this.quitRequested;
  }

  /** Where the program is: shown when the debugger starts. */
  location(): string {
    return this.describeLocation();
  }

  async execute(line: string): Promise<string> {
    const words = line.trim().split(/\s+/).filter((word) => word !== '');
    if (words.length === 0) return '';
    const [command, ...args] = words;
    try {
      return await this.dispatch(command, args, line.trim().slice(command.length).trim());
    } catch (error) {
      if (error instanceof ExpressionError) return error.message;
      throw error;
    }
  }

  private async dispatch(command: string, args: string[], rest: string): Promise<string> {
    switch (command) {
      case 'help': case 'h': return HELP;
      case 'break': case 'b': case 'br': return this.addBreakpoint(rest);
      case 'watch': return this.addWatchpoint(args, 'write');
      case 'rwatch': return this.addWatchpoint(args, 'read');
      case 'awatch': return this.addWatchpoint(args, 'access');
      case 'catch': return this.addCatchpoint(args);
      case 'delete': case 'd': return this.deletePoints(args);
      case 'continue': case 'c': return this.continue();
      case 'stepi': case 'si': case 'step': case 's': return this.step(args, false);
      case 'nexti': case 'ni': case 'next': case 'n': return this.step(args, true);
      case 'regs': return this.registers();
      case 'csrs': return this.csrs();
      case 'x': case 'mem': return this.dump(args);
      case 'disasm': case 'dis': return this.disassembly(args);
      case 'backtrace': case 'bt': return this.backtrace();
      case 'print': case 'p': return this.print(rest);
      case 'set': return this.set(rest);
      case 'thread': return this.selectThread(args);
      case 'info': return this.info(args);
      case 'quit': case 'q':
        this.quitRequested = true;
        return '';
      default: return `Undefined command: "${command}".  Try "help".`;
    }
  }

  private info(args: string[]): string {
    switch (args[0]) {
      case 'breakpoints': case 'b': case 'break': case 'watchpoints': return this.listPoints();
      case 'registers': case 'r': case 'reg': return this.registers();
      case 'threads': return this.listThreads();
      case 'symbol': {
        const address = evaluate(args.slice(1).join(' '), this.scope);
        return this.target.symbols.label(address) ?? `No symbol matches ${hex(address)}.`;
      }
      default: return 'info breakpoints | registers | threads | symbol ADDR';
    }
  }

  private addBreakpoint(expression: string): string {
    const address = evaluate(expression, this.scope);
    this.breakpoints.addBreakpoint(address);
    return `Breakpoint ${this.addPoint({ kind: 'breakpoint', address, expression })} at ${this.describeAddress(address)}`;
  }

  private addWatchpoint(args: string[], access: WatchAccess): string {
    if (args.length === 0 || args.length > 2) return `usage: ${access === 'write' ? 'watch' : access === 'read' ? 'rwatch' : 'awatch'} ADDR [LENGTH]`;
    const address = evaluate(args[0], this.scope);
    const length = args.length === 2 ? evaluate(args[1], this.scope) : DEFAULT_WATCH_LENGTH;
    if (length === 0 || length > 4096 || address + length > 2 ** 32) return `cannot watch ${length} bytes at ${hex(address)}`;
    this.breakpoints.addWatchpoint(address, length, access);
    const number = this.addPoint({ kind: 'watchpoint', address, length, access });
    return `${WATCH_TITLES[access]} ${number}: ${this.describeAddress(address)} (${length} bytes)`;
  }

  private addCatchpoint(args: string[]): string {
    if (args[0] !== 'syscall' || args.length > 2) return 'usage: catch syscall [NUMBER|NAME]';
    let syscall: number | undefined;
    if (args.length === 2) {
      syscall = /^\d+$/.test(args[1]) ? Number(args[1]) : syscallNumber(args[1]);
      if (syscall === undefined) return `unknown syscall '${args[1]}'`;
    }
    this.breakpoints.catchSyscall(syscall);
    return `Catchpoint ${this.addPoint({ kind: 'catchpoint', syscall })} (${describeSyscall(syscall)})`;
  }

  private addPoint(point: Point): number {
    this.points.set(this.nextPoint, point);
    return this.nextPoint++;
  }

  private deletePoints(args: string[]): string {
    const numbers = args.length === 0 ? [...this.points.keys()] : args.map(Number);
    for (const number of numbers) {
      const point = this.points.get(number);
      if (!point) return `No breakpoint number ${args.join(' ')}.`;
      this.points.delete(number);
      if (point.kind === 'breakpoint') {
        // Another numbered breakpoint may share the address.
        if (!this.pointsOfKind('breakpoint').some((p) => p.address === point.address)) this.breakpoints.removeBreakpoint(point.address);
      } else if (point.kind === 'watchpoint') {
        const same = this.pointsOfKind('watchpoint').some((p) => p.address === point.address && p.length === point.length && p.access === point.access);
        if (!same) this.breakpoints.removeWatchpoint(point.address, point.length, point.access);
      } else {
        this.breakpoints.clearSyscallCatches();
        for (const remaining of this.pointsOfKind('catchpoint')) this.breakpoints.catchSyscall(remaining.syscall);
      }
    }
    return '';
  }

  /**
   * After an exec the old program's addresses mean nothing (its memory is gone): a breakpoint set by symbol moves
   * to that symbol in the new program, as GDB sets it again; the others and the watchpoints are deleted.
   * Catchpoints stay. Returns a line for each breakpoint or watchpoint.
   */
  private followExec(): string[] {
    const notes: string[] = [];
    const kept = new Map<number, Point>();
    for (const [number, point] of this.points) {
      if (point.kind === 'catchpoint') {
        kept.set(number, point);
        continue;
      }
      if (point.kind === 'breakpoint') this.breakpoints.removeBreakpoint(point.address);
      else this.breakpoints.removeWatchpoint(point.address, point.length, point.access);
      const address = point.kind === 'breakpoint' ? this.resolveInNewProgram(point.expression) : undefined;
      if (point.kind === 'breakpoint' && address !== undefined) {
        kept.set(number, { ...point, address });
        this.breakpoints.addBreakpoint(address);
        notes.push(`Breakpoint ${number} at ${this.describeAddress(address)}`);
      } else {
        notes.push(`${point.kind === 'breakpoint' ? 'Breakpoint' : 'Watchpoint'} ${number} deleted with the old program`);
      }
    }
    this.points.clear();
    for (const [number, point] of kept) this.points.set(number, point);
    return notes;
  }

  /** A breakpoint's expression in the new program: undefined when it names registers (whose values are not places) or a symbol it lacks. */
  private resolveInNewProgram(expression: string): number | undefined {
    if (expression.includes('$')) return undefined;
    try {
      return evaluate(expression, this.scope);
    } catch (error) {
      if (error instanceof ExpressionError) return undefined;
      throw error;
    }
  }

  private pointsOfKind<K extends Point['kind']>(kind: K): Extract<Point, { kind: K }>[] {
    return [...this.points.values()].filter((p): p is Extract<Point, { kind: K }> => p.kind === kind);
  }

  private listPoints(): string {
    if (this.points.size === 0) return 'No breakpoints, watchpoints or catchpoints.';
    const rows = ['Num  Type        Address     What'];
    for (const [number, point] of this.points) {
      const num = String(number).padEnd(5);
      if (point.kind === 'catchpoint') {
        rows.push(`${num}catchpoint              ${describeSyscall(point.syscall)}`);
      } else {
        const what = this.target.symbols.label(point.address) ?? '';
        const extra = point.kind === 'watchpoint' ? ` (${point.length} bytes, ${point.access})` : '';
        rows.push(`${num}${point.kind.padEnd(12)}${hex(point.address)}  ${what}${extra}`.trimEnd());
      }
    }
    return rows.join('\n');
  }

  private async continue(): Promise<string> {
    if (this.ended) return this.notRunning();
    return (await this.resumeAndReport(false, undefined)).text;
  }

  /** stepi/nexti N: one instruction at a time, stopping early at anything else worth reporting. */
  private async step(args: string[], overCalls: boolean): Promise<string> {
    if (this.ended) return this.notRunning();
    const count = args.length === 0 ? 1 : evaluate(args[0], this.scope);
    let report: Report = { text: '', stepped: true };
    for (let i = 0; i < count && report.stepped; i++) {
      const call = overCalls ? this.callReturn() : undefined;
      report = await this.resumeAndReport(call === undefined, call);
    }
    return report.text;
  }

  /**
   * A hook that stops when the call at pc has returned (pc at the instruction after it, with the stack no deeper
   * than now, so recursion is run through); undefined when the instruction at pc is not a call.
   */
  private callReturn(): InstructionHook | undefined {
    const registers = this.target.registers(this.thread)!;
    const pc = registers[PC] >>> 0;
    const inst = this.readWord(pc);
    if (inst === undefined || !isCall(inst)) return undefined;
    const thread = this.thread;
    const sp = registers[SP] >>> 0;
    return {
      before: (site) =>
        site.thread === thread && site.pc >>> 0 === (pc + 4) >>> 0 && site.regs[SP] >>> 0 >= sp ? { kind: 'step' } : undefined,
    };
  }

  /**
   * Resumes (one instruction, or until a stop) and turns what happened into the text for the user. A watchpoint
   * is completed here: the access is executed and compared; a write that changed nothing resumes.
   */
  private async resumeAndReport(step: boolean, extra: InstructionHook | undefined): Promise<Report> {
    const stopped = this.target.registers(this.stoppedThread);
    if (stopped) this.breakpoints.passOnce(this.stoppedThread, stopped[PC]);
    for (;;) {
      const hook = combineHooks(this.breakpoints.isEmpty ? undefined : this.breakpoints, extra, this.tracer);
      const signal = this.pendingSignal;
      this.pendingSignal = undefined;
      const event = await this.target.resume({ step: step ? this.thread : undefined, hook, signal });
      this.tracer?.flush();
      if (event.kind !== 'stopped') return this.programEnded(event);
      this.thread = event.thread;
      this.stoppedThread = event.thread;
      const cause = event.cause;
      switch (cause.kind) {
        case 'step':
          return { text: this.describeLocation(), stepped: true };
        case 'interrupt':
          return { text: `Interrupted.\n${this.describeLocation()}`, stepped: false };
        case 'exec': {
          const moved = this.followExec().map((line) => `${line}\n`).join('');
          const symbols = this.target.symbols.unavailable ?? 'symbols reloaded';
          return { text: `process ${cause.pid} exec'd ${cause.path}: ${symbols}\n${moved}${this.describeLocation()}`, stepped: false };
        }
        case 'signal':
          this.pendingSignal = cause.signal;
          return { text: `Program received signal ${signalName(cause.signal)}.\n${this.describeLocation()}`, stepped: false };
        case 'breakpoint': {
          const number = this.pointNumber((p) => p.kind === 'breakpoint' && p.address === cause.address);
          return { text: `Breakpoint ${number}, ${this.describeLocation()}`, stepped: false };
        }
        case 'syscall': {
          const number = this.pointNumber((p) => p.kind === 'catchpoint' && (p.syscall === undefined || p.syscall === cause.number));
          return { text: `Catchpoint ${number} (${describeSyscall(cause.number)}), ${this.describeLocation()}`, stepped: false };
        }
        case 'watchpoint': {
          const report = await this.completeWatch(cause.access, cause.address);
          if (report !== undefined) return report;
          // A write that left the value as it was: go on, unless that store was the one instruction to step.
          if (step) return { text: this.describeLocation(), stepped: true };
        }
      }
    }
  }

  /** Executes the access a watchpoint stopped before; the report, or undefined for a write that changed nothing. */
  private async completeWatch(access: WatchAccess, address: number): Promise<Report | undefined> {
    const number = this.pointNumber(
      (p) => p.kind === 'watchpoint' && p.access === access && address >= p.address && address < p.address + p.length,
    );
    const point = this.points.get(number) as Extract<Point, { kind: 'watchpoint' }>;
    const pc = this.target.registers(this.thread)![PC] >>> 0;
    const inst = this.readWord(pc);
    const before = this.target.readMemory(point.address, point.length);
    const event = await this.target.resume({ step: this.thread, hook: this.tracer });
    this.tracer?.flush();
    if (event.kind !== 'stopped') return this.programEnded(event);
    const after = this.target.readMemory(point.address, point.length);
    const changed = Buffer.compare(before, after) !== 0;
    if (access === 'write' && !changed) return undefined;
    const by = inst === undefined ? hex(pc) : formatInstruction(inst, pc, { symbolize: (a) => this.target.symbols.label(a) });
    const verb = access === 'write' ? 'written' : access === 'read' ? 'read' : 'accessed';
    const lines = [`${WATCH_TITLES[access]} ${number}: ${this.describeAddress(point.address)} ${verb} by ${by}`];
    if (changed) lines.push(`Old value = ${formatValue(before)}`, `New value = ${formatValue(after)}`);
    else lines.push(`Value = ${formatValue(after)}`);
    lines.push(this.describeLocation());
    return { text: lines.join('\n'), stepped: false };
  }

  private pointNumber(test: (point: Point) => boolean): number {
    for (const [number, point] of this.points) if (test(point)) return number;
    return 0;
  }

  private programEnded(event: ProgramEnd): Report {
    this.ended = event;
    return { text: describeEnd(event), stepped: false };
  }

  private notRunning(): string {
    return `The program is not being run (${describeEnd(this.ended!)})`;
  }

  /** `0x800000fc in workload+4` and the instruction about to run. */
  private describeLocation(): string {
    const pc = this.target.registers(this.thread)![PC] >>> 0;
    const label = this.target.symbols.label(pc);
    const threadPrefix = this.target.threads().length > 1 ? `[thread ${this.thread}] ` : '';
    const inst = this.readWord(pc);
    const where = `${threadPrefix}${hex(pc)}${label ? ` in ${label}` : ''}`;
    const next = inst === undefined ? `=> ${hex(pc)}: cannot read memory` : `=> ${formatInstruction(inst, pc, { symbolize: (a) => this.target.symbols.label(a) })}`;
    return `${where}\n${next}`;
  }

  private describeAddress(address: number): string {
    const label = this.target.symbols.label(address);
    return label ? `${hex(address)} <${label}>` : hex(address);
  }

  private registers(): string {
    const registers = this.target.registers(this.thread)!;
    const rows: string[] = [];
    for (let row = 0; row < 8; row++) {
      const cells: string[] = [];
      for (let column = 0; column < 4; column++) {
        const index = row * 4 + column;
        cells.push(`${ABI_NAMES[index].padEnd(4)} ${hex(registers[index])}`);
      }
      rows.push(cells.join('  '));
    }
    const pc = registers[PC] >>> 0;
    const label = this.target.symbols.label(pc);
    let last = `pc   ${hex(pc)}${label ? ` <${label}>` : ''}`;
    if (this.target.hasPrivilege) last += `  priv ${PRIVILEGE_NAMES[this.target.privilege()]}`;
    rows.push(last);
    return rows.join('\n');
  }

  private csrs(): string {
    if (this.target.csrs.length === 0) return 'This target shows no CSRs.';
    return this.target.csrs.map((csr) => `${csrName(csr).padEnd(10)} ${hex(this.target.readCsr(csr) ?? 0)}`).join('\n');
  }

  private dump(args: string[]): string {
    if (args.length === 0 || args.length > 2) return 'usage: x ADDR [LENGTH]';
    const address = evaluate(args[0], this.scope);
    const length = args.length === 2 ? evaluate(args[1], this.scope) : DEFAULT_DUMP_LENGTH;
    if (length > 1 << 20) return 'at most 1M bytes at a time';
    const bytes = this.target.readMemory(address, length);
    const rows: string[] = [];
    for (let offset = 0; offset < bytes.length; offset += 16) {
      const chunk = bytes.subarray(offset, offset + 16);
      const hexes = [...chunk].map((b) => b.toString(16).padStart(2, '0'));
      const left = hexes.slice(0, 8).join(' ');
      const right = hexes.slice(8).join(' ');
      const text = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      rows.push(`${((address + offset) >>> 0).toString(16).padStart(8, '0')}: ${`${left}  ${right}`.padEnd(48)}  |${text}|`);
    }
    if (bytes.length < length) rows.push(`cannot read memory at ${hex(address + bytes.length)}`);
    return rows.join('\n');
  }

  private disassembly(args: string[]): string {
    if (args.length > 2) return 'usage: disasm [ADDR [COUNT]]';
    const pc = this.target.registers(this.thread)![PC] >>> 0;
    let start = args.length > 0 ? evaluate(args[0], this.scope) & ~3 : pc - 4 * DISASSEMBLY_BEFORE;
    const count = args.length === 2 ? evaluate(args[1], this.scope) : DISASSEMBLY_LENGTH;
    if (count > 10_000) return 'at most 10000 instructions at a time';
    // Around pc, begin no earlier than memory does.
    if (args.length === 0) while (start < pc && this.readWord(start >>> 0) === undefined) start += 4;
    const rows: string[] = [];
    for (let i = 0; i < count; i++) {
      const address = (start + 4 * i) >>> 0;
      const symbol = this.target.symbols.containing(address);
      if (symbol?.address === address) rows.push(`<${symbol.name}>:`);
      const inst = this.readWord(address);
      if (inst === undefined) {
        rows.push(`cannot read memory at ${hex(address)}`);
        break;
      }
      const marker = address === pc ? '=> ' : this.breakpoints.hasBreakpoint(address) ? ' * ' : '   ';
      rows.push(marker + formatInstruction(inst, address, { symbolize: (a) => this.target.symbols.label(a) }));
    }
    return rows.join('\n');
  }

  private backtrace(): string {
    const registers = this.target.registers(this.thread)!;
    const pc = registers[PC] >>> 0;
    const frames = unwindFrames(
      { pc, ra: registers[RA], fp: registers[FP], atFunctionEntry: this.target.symbols.containing(pc)?.address === pc },
      (address) => this.readData(address),
    );
    return frames
      .map((address, index) => {
        const label = this.target.symbols.label(address);
        return `#${String(index).padEnd(3)}${hex(address)}${label ? ` in ${label}` : ''}`;
      })
      .join('\n');
  }

  private print(expression: string): string {
    const value = evaluate(expression, this.scope);
    const label = this.target.symbols.label(value);
    return `${hex(value)} = ${value} = ${value | 0}${label ? ` <${label}>` : ''}`;
  }

  private set(text: string): string {
    const match = /^\$([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+)$/.exec(text);
    if (!match) return 'usage: set $REGISTER = EXPR';
    const index = registerIndex(match[1]);
    const value = evaluate(match[2], this.scope);
    if (index === undefined || !this.target.setRegister(this.thread, index, value)) return `cannot set $${match[1]}`;
    return '';
  }

  private listThreads(): string {
    return this.target
      .threads()
      .map((t) => `${t.id === this.thread ? '*' : ' '} ${String(t.id).padEnd(6)}${t.name}`)
      .join('\n');
  }

  private selectThread(args: string[]): string {
    const id = Number(args[0]);
    if (!this.target.threads().some((t) => t.id === id)) return `Unknown thread ${args[0] ?? ''}.`.replace(' .', '.');
    this.thread = id;
    return this.describeLocation();
  }

  private registerValue(name: string): number | undefined {
    if (name === 'priv') return this.target.hasPrivilege ? this.target.privilege() : undefined;
    const index = registerIndex(name);
    if (index !== undefined) return this.target.registers(this.thread)![index];
    const csr = this.target.csrs.find((c) => csrName(c) === name);
    return csr === undefined ? undefined : this.target.readCsr(csr);
  }

  private readWord(address: number): number | undefined {
    if (address & 3) return undefined;
    return this.readData(address);
  }

  private readData(address: number): number | undefined {
    const bytes = this.target.readMemory(address, 4);
    return bytes.length === 4 ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) : undefined;
  }
}

/** x0..x31 by ABI name, `xN`, or `fp`; 32 for pc. */
function registerIndex(name: string): number | undefined {
  if (name === 'pc') return PC;
  if (name === 'fp') return FP;
  const abi = ABI_NAMES.indexOf(name);
  if (abi >= 0) return abi;
  const match = /^x(\d+)$/.exec(name);
  return match && Number(match[1]) < 32 ? Number(match[1]) : undefined;
}

/** jal or jalr that links through ra or t0 (the psABI's alternate link register). */
function isCall(inst: number): boolean {
  const opcode = inst & 0x7f;
  const rd = (inst >>> 7) & 31;
  return (opcode === 0x6f || (opcode === 0x67 && ((inst >>> 12) & 7) === 0)) && (rd === RA || rd === 5);
}

function describeEnd(event: ProgramEnd): string {
  switch (event.kind) {
    case 'exited': return `Program exited with code ${event.code}.`;
    case 'signalled': return `Program terminated by signal ${event.signal}.`;
    case 'failed': return `Program stopped: ${event.message}`;
  }
}

function syscallNumber(name: string): number | undefined {
  for (const [number, known] of Object.entries(SYSCALL_NAMES)) if (known === name) return Number(number);
  return undefined;
}

function describeSyscall(number: number | undefined): string {
  if (number === undefined) return 'any syscall';
  const name = SYSCALL_NAMES[number];
  return name ? `syscall ${number} ${name}` : `syscall ${number}`;
}

/** A watched value: as a little-endian number up to 4 bytes, as bytes beyond. */
function formatValue(bytes: Uint8Array): string {
  if (bytes.length > 4) return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
  return `0x${value.toString(16).padStart(bytes.length * 2, '0')} (${value})`;
}

function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

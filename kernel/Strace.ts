import { errnoName } from './errno.js';
import { syscallName } from './syscalls/names.js';
import type { Task } from './Task.js';
import type { UserMemory } from './UserMemory.js';

/**
 * Argument kinds, one letter each: d signed int, u unsigned, x hex, p pointer, s C string, i input buffer whose
 * length is the next argument (shown on entry), o output buffer filled by the call (shown on exit, length = result),
 * f fd (signed; AT_FDCWD shown by name).
 */
const SIGNATURES: Record<number, string> = {
  17: 'pu', 23: 'f', 24: 'ffx', 25: 'fdx', 29: 'fxp', 34: 'fsx', 35: 'fsx', 48: 'fsx', 49: 's', 56: 'fsxx', 57: 'f',
  59: 'px', 61: 'fpu', 62: 'fuupd', 63: 'fou', 64: 'fiu', 65: 'fpd', 66: 'fpd', 78: 'fspu', 93: 'd', 94: 'd',
  95: 'ddpxp', 96: 'p', 124: '', 129: 'dd', 134: 'dppu', 135: 'dppu', 142: 'xxxp', 160: 'p', 172: '', 173: '', 178: '',
  214: 'p', 215: 'pu', 216: 'puuxp', 220: 'xppppp', 221: 'spp', 222: 'puxxfx', 261: 'ddpp', 278: 'pux', 282: 'x', 291: 'fsxxp',
  403: 'dp', 407: 'dxpp', 422: 'pdupp',
};
const AT_FDCWD = -100;
const SHOWN_BYTES = 32;

export class Strace {
  private readonly pending = new Map<Task, string>();
  /** The entry registers of calls with an output buffer, to show its contents once the call returns. */
  private readonly outputArgs = new Map<Task, { signature: string; regs: Int32Array }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly mem: UserMemory,
  ) {}

  enter(task: Task, nr: number, regs: Int32Array): void {
    const signature = SIGNATURES[nr] ?? 'xxxxxx';
    const args: string[] = [];
    for (let i = 0; i < signature.length; i++) {
      const kind = signature[i];
      if (kind === 'o') {
        args.push(`@${i}`);
        continue;
      }
      args.push(this.format(kind, regs[10 + i], regs[11 + i]));
    }
    this.pending.set(task, `[${task.tid}] ${syscallName(nr)}(${args.join(', ')})`);
    this.outputArgs.set(task, { signature, regs: regs.slice(10, 16) });
  }

  blocked(task: Task): void {
    const call = this.pending.get(task);
    if (call) this.write(`${call} <blocked ...>`);
    this.pending.set(task, `[${task.tid}] <... resumed>`);
  }

  /** The call ended the task (exit, exit_group, a fatal signal): strace prints "= ?". */
  exited(task: Task): void {
    const call = this.pending.get(task);
    this.pending.delete(task);
    this.outputArgs.delete(task);
    if (call) this.write(`${call} = ?`);
  }

  exit(task: Task, result: number): void {
    let call = this.pending.get(task) ?? `[${task.tid}] <unknown>`;
    const output = this.outputArgs.get(task);
    if (output) {
      const index = output.signature.indexOf('o');
      if (index >= 0) call = call.replace(`@${index}`, result > 0 ? this.bytes(output.regs[index], result) : hex(output.regs[index]));
    }
    this.pending.delete(task);
    this.outputArgs.delete(task);
    this.write(`${call} = ${result < 0 && result > -4096 ? `-1 ${errnoName(-result)}` : result >= 0 && result < 4096 ? result : hex(result)}`);
  }

  private format(kind: string, value: number, next: number): string {
    switch (kind) {
      case 'd': return String(value);
      case 'u': return String(value >>> 0);
      case 'f': return value === AT_FDCWD ? 'AT_FDCWD' : String(value);
      case 's': {
        if (value === 0) return 'NULL';
        const text = this.mem.readCString(value >>> 0, 256);
        return typeof text === 'number' ? hex(value) : JSON.stringify(text);
      }
      case 'i': return this.bytes(value, next >>> 0);
      case 'p': return value === 0 ? 'NULL' : hex(value);
      default: return hex(value);
    }
  }

  private bytes(addr: number, length: number): string {
    const view = this.mem.view(addr >>> 0, Math.min(length, SHOWN_BYTES));
    if (typeof view === 'number') return hex(addr);
    const text = JSON.stringify(new TextDecoder().decode(view));
    return length > SHOWN_BYTES ? `${text}...` : text;
  }
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

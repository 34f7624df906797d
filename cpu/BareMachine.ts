import { ElfError, ElfFile } from '../binfmt/ElfFile.js';
import { CLINT_BASE, CLINT_SIZE, Clint } from '../devices/Clint.js';
import { Htif } from '../devices/Htif.js';
import { causeName } from './Csr.js';
import { Hart, StopReason } from './Hart.js';
import { PAGE_R, PAGE_RWX, PAGE_W, PhysicalMemory } from './PhysicalMemory.js';

export const BARE_RAM_BASE = 0x8000_0000;
export const DEFAULT_BARE_RAM = 64 * 1024 * 1024;
/** Instructions per slice: between slices the machine advances time and looks at devices. */
const SLICE = 100_000;

export interface BareOptions {
  ramSize?: number;
  /** Stop with an error after this many instructions (default: no limit). */
  maxInstructions?: number;
  /** Console output (HTIF device 1 and proxied write syscalls). */
  output?: (bytes: Uint8Array) => void;
}

export interface BareResult {
  exitCode: number;
  instructions: number;
}

export class BareMachineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BareMachineError';
  }
}

/**
 * A spike-like bare-metal machine: RAM at 0x80000000, a CLINT, and HTIF through the program's `tohost` symbol.
 * The hart starts in M-mode at the ELF entry point; the run ends when the program writes an exit command to tohost.
 */
export class BareMachine {
  readonly memory: PhysicalMemory;
  readonly hart: Hart;
  readonly clint: Clint;
  readonly htif: Htif;
  readonly elf: ElfFile;

  constructor(elfBytes: Uint8Array, name: string, private readonly options: BareOptions = {}) {
    const ramSize = options.ramSize ?? DEFAULT_BARE_RAM;
    this.elf = ElfFile.parse(elfBytes, name);
    this.memory = new PhysicalMemory(ramSize);
    this.memory.addRam('ram', BARE_RAM_BASE, ramSize);
    this.hart = new Hart(this.memory);
    this.clint = new Clint(this.hart);
    this.memory.addMmio(CLINT_BASE, CLINT_SIZE, this.clint);
    // The machine implements no PMP entries, and with none implemented U-mode may access everything M-mode can.
    this.memory.setUserAccess(BARE_RAM_BASE, ramSize, PAGE_RWX);
    this.memory.setUserAccess(CLINT_BASE, CLINT_SIZE, PAGE_R | PAGE_W);
    this.hart.timeSource = () => this.clint.mtime;

    for (const segment of this.elf.loadSegments) {
      if (segment.memsz === 0) continue;
      if (segment.vaddr < BARE_RAM_BASE || segment.vaddr + segment.memsz > BARE_RAM_BASE + ramSize) {
        throw new ElfError(
          `${name}: segment at 0x${segment.vaddr.toString(16)} (${segment.memsz} bytes) is outside RAM ` +
            `0x${BARE_RAM_BASE.toString(16)}-0x${(BARE_RAM_BASE + ramSize).toString(16)}`,
        );
      }
      this.memory.load(segment.vaddr, this.elf.segmentData(segment));
    }

    const tohost = this.elf.symbol('tohost');
    if (!tohost) throw new ElfError(`${name}: no 'tohost' symbol, so the program has no way to report its end`);
    const output = options.output ?? ((bytes: Uint8Array) => process.stdout.write(bytes));
    this.htif = new Htif(this.memory, tohost.value, this.elf.symbol('fromhost')?.value, output);
    this.memory.storeWatcher = (addr) => {
      if (this.htif.onStore(addr)) this.hart.requestStop();
    };
    this.hart.reset(this.elf.entry);
  }

  /** Runs until the program exits through HTIF; throws BareMachineError if it cannot. */
  run(): BareResult {
    const limit = this.options.maxInstructions ?? Infinity;
    for (;;) {
      const before = this.hart.retired;
      // The slice ends where the timer fires, so that its interrupt is taken at the right instruction.
      const budget = Math.min(SLICE, Math.max(1, limit - before), Math.max(1, this.clint.ticksToDeadline));
      const reason = this.hart.run(budget);
      this.clint.update();
      if (this.htif.exitCode !== undefined) return { exitCode: this.htif.exitCode, instructions: this.hart.retired };
      if (reason === StopReason.Wfi) {
        this.clint.skipToDeadline();
        if ((this.hart.mip & this.hart.mie) === 0) {
          throw new BareMachineError(
            `hart waits for an interrupt (WFI before pc 0x${(this.hart.pc >>> 0).toString(16)}) that can never come`,
          );
        }
      } else if (reason === StopReason.Budget && this.hart.retired === before) {
        throw new BareMachineError(
          `hart is stuck in a trap loop: ${causeName(this.hart.mcause)} at pc 0x${(this.hart.mepc >>> 0).toString(16)}, ` +
            `mtval 0x${(this.hart.mtval >>> 0).toString(16)}, mtvec 0x${(this.hart.mtvec >>> 0).toString(16)}`,
        );
      }
      if (this.hart.retired >= limit) {
        throw new BareMachineError(
          `no exit after ${limit} instructions (pc 0x${(this.hart.pc >>> 0).toString(16)}); tohost was never written`,
        );
      }
    }
  }
}

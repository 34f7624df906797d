import { PRIV_M } from '../cpu/Csr.js';
import type { Hart } from '../cpu/Hart.js';
import { PAGE_FLAGS, PAGE_MMIO, PAGE_SHIFT, PAGE_X } from '../cpu/PhysicalMemory.js';
import type { InstructionSite, ThreadId } from './DebugTarget.js';

const FETCH_FLAGS = PAGE_X | PAGE_MMIO;
const FRAME_MASK = ~PAGE_FLAGS;
const OFFSET_MASK = (1 << PAGE_SHIFT) - 1;

/**
 * The hart as an instruction hook sees it before each instruction: one object for the whole run, reading the
 * live pc and registers. A target that runs several threads on the hart sets `thread` as it switches them in.
 */
export class HartSite implements InstructionSite {
  readonly regs: Int32Array;

  constructor(
    private readonly hart: Hart,
    public thread: ThreadId,
  ) {
    this.regs = hart.regs;
  }

  get pc(): number {
    return this.hart.pc;
  }

  /** The word the hart would fetch at `address` in its current privilege mode (the hart's own fast-path test). */
  fetch(address: number): number | undefined {
    const memory = this.hart.memory;
    const map = this.hart.priv === PRIV_M ? memory.machineMap : memory.userMap;
    const entry = map[address >>> PAGE_SHIFT];
    if ((entry & FETCH_FLAGS) !== PAGE_X || (address & 3) !== 0) return undefined;
    return memory.i32[((entry & FRAME_MASK) + (address & OFFSET_MASK)) >> 2];
  }
}

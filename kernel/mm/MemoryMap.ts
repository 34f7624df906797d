import { PAGE_R, PAGE_W, PAGE_X, type PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { VM_EXEC, VM_READ, VM_WRITE } from './constants.js';
import type { VmArea } from './VmArea.js';

/**
 * A process's address space (Linux's mm_struct): its mappings sorted by start address, plus the layout values
 * that /proc and brk use. Without an MMU all processes live in one physical space; what the hart's user page map
 * lets the running task touch is exactly the areas of the active MemoryMap, so a stray pointer faults instead of
 * silently reading another process's memory.
 */
export class MemoryMap {
  readonly areas: VmArea[] = [];
  /** Number of tasks using this address space (threads created with CLONE_VM, vfork children). */
  users = 1;
  startCode = 0;
  endCode = 0;
  startData = 0;
  endData = 0;
  startBrk = 0;
  brk = 0;
  /** Without an MMU the heap cannot grow past what exec reserved (nothing, as in binfmt_elf_fdpic). */
  endBrk = 0;
  startStack = 0;
  argStart = 0;
  argEnd = 0;
  envStart = 0;
  envEnd = 0;
  private active = false;

  constructor(private readonly physical: PhysicalMemory) {}

  /** The first area that ends above `addr` (Linux find_vma): it may start above addr. */
  findFirstEndingAbove(addr: number): VmArea | undefined {
    return this.areas.find((area) => area.end > addr);
  }

  /** The area containing `addr`, if any. */
  find(addr: number): VmArea | undefined {
    const area = this.findFirstEndingAbove(addr);
    return area && area.start <= addr ? area : undefined;
  }

  /** The area starting at addr and ending at addr+len exactly (find_vma_exact). */
  findExact(addr: number, len: number): VmArea | undefined {
    return this.areas.find((area) => area.start === addr && area.end === addr + len);
  }

  add(area: VmArea): void {
    let index = this.areas.findIndex((other) => other.start > area.start);
    if (index < 0) index = this.areas.length;
    this.areas.splice(index, 0, area);
    if (this.active) this.grant(area);
  }

  remove(area: VmArea): void {
    const index = this.areas.indexOf(area);
    if (index < 0) return;
    this.areas.splice(index, 1);
    this.revoke(area.start, area.end);
  }

  /** Re-applies rights after an area that covered [oldStart, oldEnd) changed its bounds. */
  reshape(area: VmArea, oldStart: number, oldEnd: number): void {
    this.revoke(oldStart, oldEnd);
    if (this.active) this.grant(area);
  }

  /** Makes this address space the one user mode sees. */
  activate(): void {
    this.active = true;
    for (const area of this.areas) this.grant(area);
  }

  deactivate(): void {
    this.active = false;
    for (const area of this.areas) this.physical.setUserAccess(area.start, area.end - area.start, 0);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Takes user access to [start, end) away, except on pages that other areas still cover (unaligned mappings). */
  private revoke(start: number, end: number): void {
    if (!this.active) return;
    this.physical.setUserAccess(start, end - start, 0);
    for (const other of this.areas) {
      if (other.start < pageEnd(end) && pageStart(start) < other.end) this.grant(other);
    }
  }

  /**
   * Without an MMU nothing can refuse to execute readable memory, and Linux relies on that: the no-MMU signal
   * trampoline is code on the (non-executable) stack. So readable implies executable; writes are still refused
   * where the mapping is read-only (e.g. a shared copy of program text).
   */
  private grant(area: VmArea): void {
    const flags =
      (area.flags & VM_READ ? PAGE_R | PAGE_X : 0) | (area.flags & VM_WRITE ? PAGE_W : 0) | (area.flags & VM_EXEC ? PAGE_X : 0);
    if (flags !== 0 && area.end > area.start) this.physical.setUserAccess(area.start, area.end - area.start, flags);
  }
}

function pageStart(addr: number): number {
  return addr - (addr % 4096);
}

function pageEnd(addr: number): number {
  return Math.ceil(addr / 4096) * 4096;
}

import { PAGE_R, PAGE_SHIFT, PAGE_SIZE, PAGE_W, PAGE_X, type PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import type { UserfaultfdContext } from '../uffd/UserfaultfdContext.js';
import { VM_EXEC, VM_READ, VM_WRITE } from './constants.js';
import type { VmArea } from './VmArea.js';

/**
 * A page registered with a userfaultfd (Linux keeps vm_userfaultfd_ctx and VM_UFFD_MISSING per VMA and finds
 * missing pages in the page tables; without an MMU both live here, per page). A missing page is kept out of the
 * user page map, so the first touch traps.
 */
export interface UserfaultPage {
  readonly ctx: UserfaultfdContext;
  missing: boolean;
}

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
  /** Pages registered with a userfaultfd, by page number. */
  private readonly userfaultPages = new Map<number, UserfaultPage>();

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
    this.forgetUserfaults(area.start, area.end);
    this.revoke(area.start, area.end);
  }

  /** Re-applies rights after an area that covered [oldStart, oldEnd) changed its bounds. */
  reshape(area: VmArea, oldStart: number, oldEnd: number): void {
    this.forgetUserfaults(oldStart, Math.min(area.start, oldEnd));
    this.forgetUserfaults(Math.max(area.end, oldStart), oldEnd);
    this.revoke(oldStart, oldEnd);
    if (this.active) this.grant(area);
  }

  /** The userfaultfd registration of the page holding `addr`, if any. */
  userfaultOf(addr: number): UserfaultPage | undefined {
    return this.userfaultPages.get(addr >>> PAGE_SHIFT);
  }

  /**
   * Registers the page at `addr` with `ctx` (UFFDIO_REGISTER); a missing page loses user access until it is
   * populated or unregistered.
   */
  registerUserfault(addr: number, ctx: UserfaultfdContext, missing: boolean): void {
    this.userfaultPages.set(addr >>> PAGE_SHIFT, { ctx, missing });
    if (missing && this.active) this.physical.setUserAccess(addr, PAGE_SIZE, 0);
  }

  /** The page at `addr` has contents now (UFFDIO_COPY, UFFDIO_ZEROPAGE): the process may touch it. */
  populateUserfault(addr: number): void {
    const page = this.userfaultPages.get(addr >>> PAGE_SHIFT);
    if (!page?.missing) return;
    page.missing = false;
    this.regrantPage(addr);
  }

  /** The page at `addr` is no longer registered (UFFDIO_UNREGISTER, release of the userfaultfd). */
  unregisterUserfault(addr: number): void {
    const page = this.userfaultPages.get(addr >>> PAGE_SHIFT);
    if (!page) return;
    this.userfaultPages.delete(addr >>> PAGE_SHIFT);
    if (page.missing) this.regrantPage(addr);
  }

  /** The registered pages that `ctx` owns, as page addresses. */
  userfaultPagesOf(ctx: UserfaultfdContext): number[] {
    const pages: number[] = [];
    for (const [page, registration] of this.userfaultPages) if (registration.ctx === ctx) pages.push(page * PAGE_SIZE);
    return pages;
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

  /**
   * Registrations of pages in [start, end) end with the mapping (munmap, mremap shrinking it, exit), except on pages
   * another area still covers (two shared mappings of one shmem file are the same pages without an MMU).
   */
  private forgetUserfaults(start: number, end: number): void {
    if (this.userfaultPages.size === 0) return;
    for (let page = pageStart(start); page < pageEnd(end); page += PAGE_SIZE) {
      if (!this.find(page)) this.userfaultPages.delete(page >>> PAGE_SHIFT);
    }
  }

  private regrantPage(addr: number): void {
    if (!this.active) return;
    const area = this.find(addr);
    if (area) this.grant(area, pageStart(addr), pageStart(addr) + PAGE_SIZE);
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
  private grant(area: VmArea, start = area.start, end = area.end): void {
    const flags =
      (area.flags & VM_READ ? PAGE_R | PAGE_X : 0) | (area.flags & VM_WRITE ? PAGE_W : 0) | (area.flags & VM_EXEC ? PAGE_X : 0);
    if (flags === 0 || end <= start) return;
    this.physical.setUserAccess(start, end - start, flags);
    if (this.userfaultPages.size > 0) this.withholdMissing(start, end);
  }

  /** Keeps the missing userfaultfd pages of [start, end) out of user access: touching one must trap. */
  private withholdMissing(start: number, end: number): void {
    const first = start >>> PAGE_SHIFT;
    const last = pageEnd(end) >>> PAGE_SHIFT;
    if (last - first <= this.userfaultPages.size) {
      for (let page = first; page < last; page++) {
        if (this.userfaultPages.get(page)?.missing) this.physical.setUserAccess(page * PAGE_SIZE, PAGE_SIZE, 0);
      }
      return;
    }
    for (const [page, registration] of this.userfaultPages) {
      if (registration.missing && page >= first && page < last) this.physical.setUserAccess(page * PAGE_SIZE, PAGE_SIZE, 0);
    }
  }
}

function pageStart(addr: number): number {
  return addr - (addr % PAGE_SIZE);
}

function pageEnd(addr: number): number {
  return Math.ceil(addr / PAGE_SIZE) * PAGE_SIZE;
}

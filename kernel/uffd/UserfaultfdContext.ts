import { PAGE_SIZE, type PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { VM_MAYWRITE } from '../mm/constants.js';
import type { MemoryMap } from '../mm/MemoryMap.js';
import { TASK_SIZE } from '../mm/NommuMmap.js';
import type { VmArea } from '../mm/VmArea.js';
import type { Task } from '../Task.js';
import { type Blocked, block, WaitQueue } from '../WaitQueue.js';
import {
  UFFD_FEATURE_EXACT_ADDRESS,
  UFFD_FEATURE_SIGBUS,
  UFFD_FEATURE_THREAD_ID,
  UFFD_MSG_SIZE,
  UFFD_PAGEFAULT_FLAG_WRITE,
  encodePagefaultMessage,
} from './uapi.js';

/** A thread blocked in a missing-page fault (userfaultfd_wait_queue). */
interface FaultWaiter {
  /** The page the thread faulted on: wake-ups are matched against it. */
  readonly page: number;
  readonly message: Uint8Array;
  readonly queue: WaitQueue;
}

/**
 * One userfaultfd (Linux's struct userfaultfd_ctx, fs/userfaultfd.c): the address space it serves, the negotiated
 * features, and the threads blocked on its missing pages, first those whose message nobody has read yet, then
 * those whose message has been read and that wait for UFFDIO_COPY, UFFDIO_ZEROPAGE or UFFDIO_WAKE.
 * Which pages are registered and missing is kept by the address space (MemoryMap), as Linux keeps it in the VMAs
 * and page tables.
 */
export class UserfaultfdContext {
  /** UFFD_FEATURE_* asked for by UFFDIO_API; null until UFFDIO_API succeeded (UFFD_FEATURE_INITIALIZED unset). */
  features: number | null = null;
  /** Woken when a fault is queued and when the file is released: blocked readers and pollers (fd_wqh). */
  readonly readers = new WaitQueue('userfaultfd');
  private readonly pending: FaultWaiter[] = [];
  private readonly delivered: FaultWaiter[] = [];

  constructor(
    /** The address space of the process that created the userfaultfd: every range operation applies to it. */
    readonly mm: MemoryMap,
    readonly physical: PhysicalMemory,
    /** UFFD_USER_MODE_ONLY: the kernel's own accesses to a missing page fail instead of waiting. */
    readonly userModeOnly: boolean,
  ) {}

  /** Whether a system call touching a missing page waits for it (rather than failing with EFAULT). */
  get handlesKernelFaults(): boolean {
    return !this.userModeOnly && !((this.features ?? 0) & UFFD_FEATURE_SIGBUS);
  }

  /** The address space still has users (mmget_not_zero): once its process is gone, range operations fail. */
  get mmAlive(): boolean {
    return this.mm.users > 0;
  }

  get hasPendingFaults(): boolean {
    return this.pending.length > 0;
  }

  /**
   * handle_userfault for a missing page: with UFFD_FEATURE_SIGBUS the fault raises SIGBUS instead; otherwise the
   * thread is queued with its message and blocks until its page is woken, then re-executes the faulting
   * instruction (which faults again, with a new message, if the page is still missing).
   */
  handleFault(task: Task, address: number, write: boolean): Blocked | 'sigbus' {
    const features = this.features ?? 0;
    if (features & UFFD_FEATURE_SIGBUS) return 'sigbus';
    const page = address - (address % PAGE_SIZE);
    const reported = features & UFFD_FEATURE_EXACT_ADDRESS ? address : page;
    const ptid = features & UFFD_FEATURE_THREAD_ID ? task.tid : 0;
    const waiter: FaultWaiter = {
      page,
      message: encodePagefaultMessage(reported, write ? UFFD_PAGEFAULT_FLAG_WRITE : 0, ptid),
      queue: new WaitQueue('userfault'),
    };
    this.pending.push(waiter);
    this.readers.wakeAll();
    return block(waiter.queue, () => 0, { cancel: () => this.dequeue(waiter), pageFault: true });
  }

  /**
   * userfaultfd_ctx_read: copies as many pending messages as fit (oldest first) into `into` and moves their
   * threads to the delivered list; 0 when none is pending.
   */
  readMessages(into: Uint8Array): number {
    let done = 0;
    while (this.pending.length > 0 && into.length - done >= UFFD_MSG_SIZE) {
      const waiter = this.pending.shift()!;
      into.set(waiter.message, done);
      this.delivered.push(waiter);
      done += UFFD_MSG_SIZE;
    }
    return done;
  }

  /** wake_userfault: the threads blocked on pages in [start, start+len) (len 0: all) retry their access. */
  wake(start: number, len: number): void {
    for (const list of [this.pending, this.delivered]) {
      for (const waiter of [...list]) {
        if (len !== 0 && (waiter.page < start || waiter.page >= start + len)) continue;
        list.splice(list.indexOf(waiter), 1);
        waiter.queue.wakeAll();
      }
    }
  }

  /**
   * UFFDIO_REGISTER in MODE_MISSING of [start, end) (validated range): 0, or the errno Linux gives. A page counts as
   * missing when all its bytes are zero, since that is all a no-MMU kernel can tell of a page never written: the
   * mmap core zeroes anonymous memory when it maps it.
   */
  register(start: number, end: number): number {
    if (!this.mmAlive) return -Errno.ENOMEM;
    const areas = this.areasIn(start, end);
    if (areas.length === 0) return -Errno.EINVAL;
    for (const area of areas) {
      if (!canUserfault(area)) return -Errno.EINVAL;
      if (!(area.flags & VM_MAYWRITE)) return -Errno.EPERM;
      for (const page of pagesOf(area, start, end)) {
        const owner = this.mm.userfaultOf(page)?.ctx;
        if (owner && owner !== this) return -Errno.EBUSY;
      }
    }
    for (const area of areas) {
      for (const page of pagesOf(area, start, end)) {
        if (!this.mm.userfaultOf(page)) this.mm.registerUserfault(page, this, this.isZeroPage(page));
      }
    }
    return 0;
  }

  /** UFFDIO_UNREGISTER of [start, end): the threads waiting there retry, and missing pages become plain memory. */
  unregister(start: number, end: number): number {
    if (!this.mmAlive) return -Errno.ENOMEM;
    const areas = this.areasIn(start, end);
    if (areas.length === 0) return -Errno.EINVAL;
    for (const area of areas) {
      if (!canUserfault(area)) return -Errno.EINVAL;
      // A range registered through another userfaultfd cannot be unregistered through this one.
      for (const page of pagesOf(area, start, end)) {
        const owner = this.mm.userfaultOf(page)?.ctx;
        if (owner && owner !== this) return -Errno.EINVAL;
      }
    }
    for (const area of areas) {
      for (const page of pagesOf(area, start, end)) {
        if (!this.mm.userfaultOf(page)) continue;
        this.wake(page, PAGE_SIZE);
        this.mm.unregisterUserfault(page);
      }
    }
    return 0;
  }

  /**
   * mfill_atomic: fills the missing pages of [dst, dst+len) one by one, each with the page `source(offset)` gives
   * (or a negative errno when the source cannot be read), or with zeros when there is no source; it stops at the
   * first page that is not missing (EEXIST). Returns the bytes filled, or the errno when the first page failed.
   */
  fill(dst: number, len: number, source: ((offset: number) => Uint8Array | number) | null, writeProtect: boolean): number {
    const area = this.mm.find(dst);
    if (!area || dst + len > area.end) return -Errno.ENOENT;
    for (let page = dst; page < dst + len; page += PAGE_SIZE) {
      if (this.mm.userfaultOf(page)?.ctx !== this) return -Errno.ENOENT;
    }
    if (writeProtect) return -Errno.EINVAL;
    let done = 0;
    for (; done < len; done += PAGE_SIZE) {
      const page = dst + done;
      if (!this.mm.userfaultOf(page)!.missing) return done || -Errno.EEXIST;
      const offset = this.physical.backingOffsetOfRange(page, PAGE_SIZE);
      if (source) {
        const bytes = source(done);
        if (typeof bytes === 'number') return done || bytes;
        this.physical.u8.set(bytes, offset);
      } else {
        this.physical.u8.fill(0, offset, offset + PAGE_SIZE);
      }
      this.physical.hostWrote(page, PAGE_SIZE);
      this.mm.populateUserfault(page);
    }
    return done;
  }

  /**
   * userfaultfd_release: the registrations end (missing pages become plain memory of the process, as the retried
   * fault finds an unregistered anonymous page in Linux), every waiting thread retries, readers see the end.
   */
  release(): void {
    if (this.mmAlive) for (const page of this.mm.userfaultPagesOf(this)) this.mm.unregisterUserfault(page);
    this.wake(0, 0);
    this.readers.wakeAll();
  }

  /** The waiter was cancelled (a signal or the thread's exit ended the wait). */
  private dequeue(waiter: FaultWaiter): void {
    for (const list of [this.pending, this.delivered]) {
      const index = list.indexOf(waiter);
      if (index >= 0) list.splice(index, 1);
    }
  }

  /** The areas of the address space overlapping [start, end). */
  private areasIn(start: number, end: number): VmArea[] {
    return this.mm.areas.filter((area) => area.start < end && area.end > start);
  }

  private isZeroPage(page: number): boolean {
    const offset = this.physical.backingOffsetOfRange(page, PAGE_SIZE);
    if (offset < 0) return false;
    const words = this.physical.i32.subarray(offset / 4, (offset + PAGE_SIZE) / 4);
    return words.every((word) => word === 0);
  }
}

/**
 * validate_range: a page-aligned, non-empty range below TASK_SIZE (both values are the __u64 fields, exact in a
 * double); 0 or -EINVAL.
 */
export function validateRange(start: number, len: number): number {
  if (start % PAGE_SIZE !== 0 || len % PAGE_SIZE !== 0 || len === 0) return -Errno.EINVAL;
  if (start >= TASK_SIZE || len > TASK_SIZE - start) return -Errno.EINVAL;
  return 0;
}

/**
 * vma_can_userfault for MODE_MISSING: anonymous memory and shmem (memory a file system owns: ramfs/tmpfs files
 * and SysV shared memory, mapped directly or as a private copy); not device memory, not other files' copies.
 */
function canUserfault(area: VmArea): boolean {
  return area.file === null || area.file.shmem === true;
}

/** The page addresses of `area` inside [start, end). */
function pagesOf(area: VmArea, start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.max(area.start, start); page < Math.min(area.end, end); page += PAGE_SIZE) pages.push(page);
  return pages;
}

import { PAGE_SHIFT, PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { VM_IO, VM_PFNMAP, VM_READ, VM_WRITE } from './constants.js';
import type { MemoryMap } from './MemoryMap.js';

/** User pages held by pinUserPages, given back once by unpinUserPages. */
export interface PinnedPages {
  /** The pinned bytes: [start, end), from the address asked for to the end of the last page pinned or the range. */
  readonly start: number;
  readonly end: number;
  readonly pages: number;
}

/**
 * mm/gup.c's pin_user_pages and unpin_user_pages for a kernel without an MMU, where a user page is the physical
 * page itself: pinning checks each page against the process's areas as the no-MMU __get_user_pages_locked does,
 * and counts what FOLL_PIN counts, the node statistics NR_FOLL_PIN_ACQUIRED and NR_FOLL_PIN_RELEASED (in pages,
 * shown by /proc/vmstat). A driver holds the pages pinned while its device moves data straight to or from them.
 */
export class UserPagePins {
  acquired = 0;
  released = 0;
  private readonly held = new WeakSet<PinnedPages>();

  /**
   * Pins the pages of [addr, addr+length) that lie in readable areas (writable ones with `write`, FOLL_WRITE:
   * the device stores into them) and are not device memory (VM_IO, VM_PFNMAP): the first page that fails ends
   * the pin, short. -EFAULT when not even the first page can be pinned.
   */
  pinUserPages(mm: MemoryMap, addr: number, length: number, write: boolean): PinnedPages | number {
    addr >>>= 0;
    if (length <= 0) return -Errno.EINVAL;
    const wanted = write ? VM_WRITE : VM_READ;
    const firstPage = addr >>> PAGE_SHIFT;
    const lastPage = (addr + length - 1) >>> PAGE_SHIFT;
    let page = firstPage;
    for (; page <= lastPage; page++) {
      const area = mm.find(page * PAGE_SIZE);
      if (!area || area.flags & (VM_IO | VM_PFNMAP) || !(area.flags & wanted)) break;
    }
    const pages = page - firstPage;
    if (pages === 0) return -Errno.EFAULT;
    const pinned = { start: addr, end: Math.min(addr + length, page * PAGE_SIZE), pages };
    this.acquired += pages;
    this.held.add(pinned);
    return pinned;
  }

  unpinUserPages(pinned: PinnedPages): void {
    if (!this.held.delete(pinned)) throw new Error('unpinUserPages: pages not pinned, or already unpinned');
    this.released += pinned.pages;
  }
}

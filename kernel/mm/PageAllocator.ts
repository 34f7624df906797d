import { PAGE_SHIFT, PAGE_SIZE } from '../../cpu/PhysicalMemory.js';

/**
 * Physical page frames of guest RAM, handed out the way the buddy allocator does: a request of order n gets 2^n
 * contiguous pages aligned to 2^n pages, and pages can be given back individually (which is how no-MMU mmap trims
 * the excess of a power-of-two block). One byte per page: 1 = in use.
 */
export class PageAllocator {
  private readonly used: Uint8Array;
  private freeCount: number;

  constructor(
    readonly base: number,
    readonly pageCount: number,
  ) {
    if (base % PAGE_SIZE !== 0) throw new RangeError('page allocator base must be page aligned');
    this.used = new Uint8Array(pageCount);
    this.freeCount = pageCount;
  }

  get freePages(): number {
    return this.freeCount;
  }

  /** Allocates 2^order pages aligned to their size; returns the physical address or undefined when out of memory. */
  allocOrder(order: number): number | undefined {
    const count = 1 << order;
    const firstAligned = (((this.base >>> PAGE_SHIFT) + count - 1) & ~(count - 1)) - (this.base >>> PAGE_SHIFT);
    for (let first = firstAligned; first + count <= this.pageCount; first += count) {
      if (this.isFree(first, count)) {
        this.mark(first, count, 1);
        return this.base + first * PAGE_SIZE;
      }
    }
    return undefined;
  }

  /** Reserves the exact pages [addr, addr + pages) (fixed-address loads); false if any is taken or outside RAM. */
  reserve(addr: number, pages: number): boolean {
    const first = (addr - this.base) / PAGE_SIZE;
    if (!Number.isInteger(first) || first < 0 || first + pages > this.pageCount || !this.isFree(first, pages)) return false;
    this.mark(first, pages, 1);
    return true;
  }

  free(addr: number, pages: number): void {
    const first = (addr - this.base) / PAGE_SIZE;
    for (let i = first; i < first + pages; i++) {
      if (this.used[i] !== 1) throw new Error(`freeing free page 0x${(this.base + i * PAGE_SIZE).toString(16)}`);
    }
    this.mark(first, pages, 0);
  }

  contains(addr: number): boolean {
    return addr >= this.base && addr < this.base + this.pageCount * PAGE_SIZE;
  }

  private isFree(first: number, count: number): boolean {
    for (let i = first; i < first + count; i++) if (this.used[i]) return false;
    return true;
  }

  private mark(first: number, count: number, value: 0 | 1): void {
    this.used.fill(value, first, first + count);
    this.freeCount += value ? -count : count;
  }
}

/** Smallest order whose block holds `bytes` (Linux get_order). */
export function getOrder(bytes: number): number {
  let order = 0;
  while (PAGE_SIZE << order < bytes) order++;
  return order;
}

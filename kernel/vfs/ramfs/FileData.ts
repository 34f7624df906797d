import type { PhysicalMemory } from '../../../cpu/PhysicalMemory.js';
import type { PageAllocator } from '../../mm/PageAllocator.js';

/** The space budget of a file system (tmpfs size=, or the machine's memory for ramfs). */
export interface SpaceAccount {
  /** Bytes still available. */
  readonly available: number;
  /** Takes `bytes` from the budget; false (and nothing taken) if they are not available. */
  reserve(bytes: number): boolean;
  unreserve(bytes: number): void;
}

/**
 * Where ram file data lives: pages of guest RAM from the kernel's page allocator (the page cache of a no-MMU
 * ramfs), so that a shared mapping can map the file's own pages. The kernel's mmap core provides this.
 */
export interface GuestPages {
  readonly physical: PhysicalMemory;
  readonly allocator: PageAllocator;
  /** Pages holding file data, counted by the files that take and give them back (/proc/meminfo's Cached). */
  pageCachePages: number;
  /**
   * nommu_shrink_inode_mappings: whether `inode` may be cut from `size` down to `newSize` bytes; 0, or -ETXTBSY
   * when a direct mapping still uses the part that would go.
   */
  shrinkInodeMappings(inode: object, size: number, newSize: number): number;
}

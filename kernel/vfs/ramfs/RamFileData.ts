import { PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import { Errno } from '../../errno.js';
import { getOrder } from '../../mm/PageAllocator.js';
import type { GuestPages, SpaceAccount } from './FileData.js';

/** The largest block the buddy allocator hands out (MAX_PAGE_ORDER): 4 MiB, the biggest file made for mapping. */
export const MAX_PAGE_ORDER = 10;

/**
 * The bytes of a ramfs/tmpfs regular file, after fs/ramfs/file-nommu.c: each page of the file is a page of guest
 * RAM (charged to the file system's budget). Writes add single pages where the file has none; truncating an empty
 * file up to a size instead gathers one physically contiguous run, which is what a shared mapping needs since
 * without an MMU a mapping is the memory itself. Page indices without a page are holes that read as zeros.
 */
export class RamFileData {
  /** Page index in the file → physical address of the page holding it. */
  private readonly frames = new Map<number, number>();
  private length = 0;

  constructor(
    private readonly space: SpaceAccount,
    private readonly memory: GuestPages,
  ) {}

  get size(): number {
    return this.length;
  }

  /** Bytes held in pages, for stat's block count. */
  get allocated(): number {
    return this.frames.size * PAGE_SIZE;
  }

  /** Copies the bytes at `position` into `into`; returns the count (0 at or past the end). */
  read(into: Uint8Array, position: number): number {
    if (position >= this.length) return 0;
    const count = Math.min(into.length, this.length - position);
    for (let done = 0; done < count; ) {
      const index = Math.floor((position + done) / PAGE_SIZE);
      const offset = (position + done) % PAGE_SIZE;
      const chunk = Math.min(PAGE_SIZE - offset, count - done);
      const frame = this.frames.get(index);
      if (frame === undefined) into.fill(0, done, done + chunk);
      else into.set(this.pageBytes(frame).subarray(offset, offset + chunk), done);
      done += chunk;
    }
    return count;
  }

  /**
   * Stores `data` at `position`, growing the file; returns the count written, short when space runs out, or
   * -ENOSPC (budget spent) / -ENOMEM (no free page) when not a byte fits.
   */
  write(data: Uint8Array, position: number): number {
    let done = 0;
    while (done < data.length) {
      const index = Math.floor((position + done) / PAGE_SIZE);
      const offset = (position + done) % PAGE_SIZE;
      const chunk = Math.min(PAGE_SIZE - offset, data.length - done);
      const frame = this.frames.get(index) ?? this.addPage(index);
      if (frame < 0) {
        if (done === 0) return frame;
        break;
      }
      this.pageBytes(frame).set(data.subarray(done, done + chunk), offset);
      done += chunk;
    }
    this.length = Math.max(this.length, position + done);
    return done;
  }

  /**
   * ramfs_nommu_expand_for_mapping: sizes an empty file to `size` bytes held in one physically contiguous, zeroed
   * run of pages (a power-of-two block with the pages past the end given back). 0 or a negative errno.
   */
  expandForMapping(size: number): number {
    const order = getOrder(size);
    if (order > MAX_PAGE_ORDER) return -Errno.EFBIG;
    const pages = Math.ceil(size / PAGE_SIZE);
    if (!this.space.reserve(pages * PAGE_SIZE)) return -Errno.ENOSPC;
    const base = this.memory.allocator.allocOrder(order);
    if (base === undefined) {
      this.space.unreserve(pages * PAGE_SIZE);
      return -Errno.ENOMEM;
    }
    if (pages < 1 << order) this.memory.allocator.free(base + pages * PAGE_SIZE, (1 << order) - pages);
    this.memory.pageCachePages += pages;
    const offset = this.memory.physical.backingOffsetOfRange(base, pages * PAGE_SIZE);
    this.memory.physical.u8.fill(0, offset, offset + pages * PAGE_SIZE);
    for (let index = 0; index < pages; index++) this.frames.set(index, base + index * PAGE_SIZE);
    this.length = size;
    return 0;
  }

  /**
   * Sets the size: growing leaves a hole, shrinking frees the pages past the end and clears the rest of the last
   * page, so that bytes past the end read as zeros if the file grows again.
   */
  truncate(size: number): void {
    if (size < this.length) {
      const keep = Math.ceil(size / PAGE_SIZE);
      for (const [index, frame] of this.frames) if (index >= keep) this.freePage(index, frame);
      const last = this.frames.get(Math.floor(size / PAGE_SIZE));
      if (last !== undefined) this.pageBytes(last).fill(0, size % PAGE_SIZE);
    }
    this.length = size;
  }

  /**
   * ramfs_nommu_get_unmapped_area: the address of file pages [pgoff, pgoff + pages) when all lie within the file
   * and are physically adjacent; -ENOSYS otherwise (the caller then copies, or fails a shared mapping).
   */
  contiguousAddress(pgoff: number, pages: number): number {
    const filePages = Math.ceil(this.length / PAGE_SIZE);
    if (pgoff >= filePages || filePages - pgoff < pages) return -Errno.ENOSYS;
    const first = this.frames.get(pgoff);
    if (first === undefined) return -Errno.ENOSYS;
    for (let index = 1; index < pages; index++) {
      if (this.frames.get(pgoff + index) !== first + index * PAGE_SIZE) return -Errno.ENOSYS;
    }
    return first;
  }

  /** A zeroed page for file page `index`, charged to the budget: its address, or -ENOSPC / -ENOMEM. */
  private addPage(index: number): number {
    if (!this.space.reserve(PAGE_SIZE)) return -Errno.ENOSPC;
    const frame = this.memory.allocator.allocOrder(0);
    if (frame === undefined) {
      this.space.unreserve(PAGE_SIZE);
      return -Errno.ENOMEM;
    }
    this.pageBytes(frame).fill(0);
    this.memory.pageCachePages++;
    this.frames.set(index, frame);
    return frame;
  }

  private freePage(index: number, frame: number): void {
    this.frames.delete(index);
    this.memory.allocator.free(frame, 1);
    this.memory.pageCachePages--;
    this.space.unreserve(PAGE_SIZE);
  }

  private pageBytes(frame: number): Uint8Array {
    const offset = this.memory.physical.backingOffsetOfRange(frame, PAGE_SIZE);
    return this.memory.physical.u8.subarray(offset, offset + PAGE_SIZE);
  }
}


import { Errno } from '../../errno.js';
import type { FileData, SpaceAccount } from './FileData.js';

const PAGE_SIZE = 4096;

function pageAlign(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}

/** File data in one host buffer that grows by doubling (in whole pages, charged to the file system's budget). */
export class GrowableFileData implements FileData {
  private bytes = new Uint8Array(0);
  private length = 0;

  constructor(private readonly space: SpaceAccount) {}

  get size(): number {
    return this.length;
  }

  get allocated(): number {
    return this.bytes.length;
  }

  read(into: Uint8Array, position: number): number {
    if (position >= this.length) return 0;
    const count = Math.min(into.length, this.length - position);
    const stored = Math.max(0, Math.min(count, this.bytes.length - position));
    into.set(this.bytes.subarray(position, position + stored));
    into.fill(0, stored, count);
    return count;
  }

  write(data: Uint8Array, position: number): number {
    const end = position + data.length;
    if (end > this.bytes.length && !this.grow(end)) {
      const room = this.bytes.length - position;
      if (room <= 0) return -Errno.ENOSPC;
      data = data.subarray(0, room);
    }
    this.bytes.set(data, position);
    this.length = Math.max(this.length, position + data.length);
    return data.length;
  }

  truncate(size: number): void {
    if (size < this.length) {
      const keep = pageAlign(size);
      if (keep < this.bytes.length / 2) this.shrink(keep);
      // Bytes past the new end must read as zeros if the file grows again.
      this.bytes.fill(0, Math.min(size, this.bytes.length));
    }
    this.length = size;
  }

  /**
   * Makes room for `end` bytes: doubling when the budget allows, else exactly what is needed; when even that is
   * not available, takes the whole pages that are left (the write then stores what fits) and returns false.
   */
  private grow(end: number): boolean {
    for (const capacity of [pageAlign(Math.max(end, this.bytes.length * 2)), pageAlign(end)]) {
      if (this.space.reserve(capacity - this.bytes.length)) {
        this.resize(capacity);
        return true;
      }
    }
    const rest = Math.floor(this.space.available / PAGE_SIZE) * PAGE_SIZE;
    if (rest > 0 && this.space.reserve(rest)) this.resize(this.bytes.length + rest);
    return false;
  }

  private shrink(capacity: number): void {
    this.space.unreserve(this.bytes.length - capacity);
    this.resize(capacity);
  }

  private resize(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, Math.min(capacity, this.bytes.length)));
    this.bytes = next;
  }
}

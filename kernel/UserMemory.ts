import { Errno } from './errno.js';
import { PAGE_FLAGS, PAGE_MMIO, PAGE_R, PAGE_SHIFT, PAGE_SIZE, PAGE_W, type PhysicalMemory } from '../cpu/PhysicalMemory.js';

/**
 * The kernel's copy_from_user / copy_to_user: guest memory seen with user-mode permissions, so that a syscall given
 * a pointer outside the task's mappings fails with EFAULT instead of touching kernel-only memory or devices.
 * Failures return a negative errno; successes return data or 0.
 */
export class UserMemory {
  /**
   * The page of the last access refused for want of permission, and whether it was a write, since the kernel
   * last cleared it: where a system call's EFAULT came from (a userfaultfd may be about to fill that page).
   */
  lastFault: { page: number; write: boolean } | null = null;
  private readonly decoder = new TextDecoder();

  constructor(readonly physical: PhysicalMemory) {}

  /** Backing-store offset of a user range when every page of it grants `flag`, else -1. */
  private offsetOf(addr: number, length: number, flag: number): number {
    addr >>>= 0;
    if (length === 0) return 0;
    if (addr + length > 2 ** 32) return -1;
    const map = this.physical.userMap;
    const first = map[addr >>> PAGE_SHIFT];
    if ((first & flag) === 0 || first & PAGE_MMIO) return this.refused(addr >>> PAGE_SHIFT, flag);
    const start = (first & ~PAGE_FLAGS) + (addr & (PAGE_SIZE - 1));
    // Pages of one physical region are contiguous in the backing store, but check each page's permission.
    for (let page = (addr >>> PAGE_SHIFT) + 1; page <= (addr + length - 1) >>> PAGE_SHIFT; page++) {
      const entry = map[page];
      if ((entry & flag) === 0 || entry & PAGE_MMIO) return this.refused(page, flag);
      if ((entry & ~PAGE_FLAGS) !== start - (addr & (PAGE_SIZE - 1)) + ((page - (addr >>> PAGE_SHIFT)) << PAGE_SHIFT)) {
        return -1;
      }
    }
    return start;
  }

  private refused(page: number, flag: number): number {
    this.lastFault = { page: page * PAGE_SIZE, write: flag === PAGE_W };
    return -1;
  }

  canRead(addr: number, length: number): boolean {
    return this.offsetOf(addr, length, PAGE_R) >= 0;
  }

  canWrite(addr: number, length: number): boolean {
    return this.offsetOf(addr, length, PAGE_W) >= 0;
  }

  /** A view (not a copy) of readable user memory, or -EFAULT. */
  view(addr: number, length: number): Uint8Array | number {
    const offset = this.offsetOf(addr, length, PAGE_R);
    return offset < 0 ? -Errno.EFAULT : this.physical.u8.subarray(offset, offset + length);
  }

  copyIn(addr: number, length: number): Uint8Array | number {
    const view = this.view(addr, length);
    return typeof view === 'number' ? view : view.slice();
  }

  copyOut(addr: number, data: Uint8Array): number {
    const offset = this.offsetOf(addr, data.length, PAGE_W);
    if (offset < 0) return -Errno.EFAULT;
    this.physical.u8.set(data, offset);
    return 0;
  }

  /** Reads a 32-bit word; returns undefined on a fault. */
  read32(addr: number): number | undefined {
    const offset = this.offsetOf(addr, 4, PAGE_R);
    if (offset < 0) return undefined;
    const u8 = this.physical.u8;
    return u8[offset] | (u8[offset + 1] << 8) | (u8[offset + 2] << 16) | (u8[offset + 3] << 24);
  }

  write32(addr: number, value: number): number {
    const offset = this.offsetOf(addr, 4, PAGE_W);
    if (offset < 0) return -Errno.EFAULT;
    const u8 = this.physical.u8;
    for (let i = 0; i < 4; i++) u8[offset + i] = value >>> (8 * i);
    return 0;
  }

  /** A 64-bit little-endian value as two words, e.g. for time64 structures. */
  read64(addr: number): number | undefined {
    const low = this.read32(addr);
    const high = this.read32(addr + 4);
    return low === undefined || high === undefined ? undefined : high * 2 ** 32 + (low >>> 0);
  }

  write64(addr: number, value: number): number {
    const high = Math.floor(value / 2 ** 32);
    return this.write32(addr, value - high * 2 ** 32) || this.write32(addr + 4, high);
  }

  /** A NUL-terminated string of at most `max` bytes (without the NUL), -EFAULT, or -ENAMETOOLONG. */
  readCString(addr: number, max = 4096): string | number {
    const bytes: number[] = [];
    for (let i = 0; i <= max; i++) {
      const view = this.view(addr + i, 1);
      if (typeof view === 'number') return view;
      if (view[0] === 0) return this.decoder.decode(new Uint8Array(bytes));
      bytes.push(view[0]);
    }
    return -Errno.ENAMETOOLONG;
  }

  /** A NULL-terminated array of string pointers (argv, envp), or a negative errno. */
  readStringArray(addr: number, maxTotal = 128 * 1024): string[] | number {
    const strings: string[] = [];
    if (addr === 0) return strings;
    let total = 0;
    for (let i = 0; ; i++) {
      const pointer = this.read32(addr + 4 * i);
      if (pointer === undefined) return -Errno.EFAULT;
      if (pointer === 0) return strings;
      const text = this.readCString(pointer, maxTotal);
      if (typeof text === 'number') return text === -Errno.ENAMETOOLONG ? -Errno.E2BIG : text;
      total += text.length + 5;
      if (total > maxTotal) return -Errno.E2BIG;
      strings.push(text);
    }
  }
}

import type { PhysicalMemory } from '../cpu/PhysicalMemory.js';

/**
 * The debugger's view of physical memory, shared by every target (a no-MMU machine has one address space): RAM
 * and ROM regardless of permissions; device registers are not touched, since reading them can have effects.
 */
export class PhysicalAccess {
  constructor(private readonly memory: PhysicalMemory) {}

  /** Up to `length` bytes at `address`, stopping where backed memory ends. */
  read(address: number, length: number): Uint8Array {
    const memory = this.memory;
    const out = new Uint8Array(Math.max(0, Math.min(length, 2 ** 32 - (address >>> 0))));
    let done = 0;
    while (done < out.length) {
      const at = (address + done) >>> 0;
      const region = memory.regionAt(at);
      if (!region || region.backingOffset < 0) break;
      const count = Math.min(out.length - done, region.base + region.size - at);
      const offset = region.backingOffset + (at - region.base);
      out.set(memory.u8.subarray(offset, offset + count), done);
      done += count;
    }
    return out.subarray(0, done);
  }

  /** Writes all of `bytes`, or nothing (false) when any of them has no memory behind it. */
  write(address: number, bytes: Uint8Array): boolean {
    if (this.read(address, bytes.length).length !== bytes.length) return false;
    // One load per region, through the memory's own host-write path (which keeps any code cache coherent).
    let done = 0;
    while (done < bytes.length) {
      const at = (address + done) >>> 0;
      const region = this.memory.regionAt(at)!;
      const count = Math.min(bytes.length - done, region.base + region.size - at);
      this.memory.load(at, bytes.subarray(done, done + count));
      done += count;
    }
    return true;
  }
}

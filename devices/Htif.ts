import type { PhysicalMemory } from '../cpu/PhysicalMemory.js';

const SYS_WRITE = 64;

/**
 * The host-target interface of spike and riscv-tests: a 64-bit `tohost` word in RAM that the program writes to talk
 * to the host, and `fromhost` for the host's answer. Like QEMU, the command is taken when the high word is written
 * (rv32 programs write the low word first). Commands understood:
 * - device 0, command 0, payload odd: exit with code payload >> 1 (1 = pass, (n << 1) | 1 = test n failed);
 * - device 0, command 0, payload even: address of a proxy-syscall block; only write(fd 1 or 2) is served;
 * - device 1, command 1: write one character to the console.
 */
export class Htif {
  exitCode: number | undefined;

  constructor(
    private readonly memory: PhysicalMemory,
    readonly tohost: number,
    readonly fromhost: number | undefined,
    private readonly output: (bytes: Uint8Array) => void,
  ) {
    memory.watchStores(tohost, 8);
  }

  /** Handles a store to the watched tohost page; returns true when the program asked to exit. */
  onStore(addr: number): boolean {
    if (addr >>> 0 !== this.tohost + 4) return false;
    const low = this.read32(this.tohost);
    const high = this.read32(this.tohost + 4);
    const device = high >>> 24;
    const command = (high >>> 16) & 0xff;
    const payload = (high & 0xffff) * 2 ** 32 + low;
    if (device === 0 && command === 0) {
      if (payload & 1) {
        this.exitCode = Math.floor(payload / 2);
        return true;
      }
      this.proxySyscall(low);
    } else if (device === 1 && command === 1) {
      this.output(new Uint8Array([low & 0xff]));
    }
    this.write32(this.tohost, 0);
    this.write32(this.tohost + 4, 0);
    if (this.fromhost !== undefined) this.write32(this.fromhost, 1);
    return false;
  }

  private proxySyscall(block: number): void {
    const which = this.read32(block);
    const fd = this.read32(block + 8);
    const buffer = this.read32(block + 16);
    const length = this.read32(block + 24);
    let result = -38; // ENOSYS
    if (which === SYS_WRITE && (fd === 1 || fd === 2)) {
      const offset = this.memory.backingOffsetOfRange(buffer, length);
      if (offset >= 0) {
        this.output(this.memory.u8.slice(offset, offset + length));
        result = length;
      } else {
        result = -14; // EFAULT
      }
    }
    this.write32(block, result);
    this.write32(block + 4, result < 0 ? -1 : 0);
  }

  private read32(addr: number): number {
    return this.memory.read32(addr) ?? 0;
  }

  private write32(addr: number, value: number): void {
    this.memory.write32(addr, value);
  }
}

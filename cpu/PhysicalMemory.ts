/**
 * The machine's physical address space.
 *
 * All RAM and ROM live in one host ArrayBuffer ("backing store"). A page map with one Int32 entry per 4 KiB page of
 * the 32-bit physical space says, for one privilege level, where that page lives in the backing store and what may
 * be done to it: the entry's upper 20 bits are the page's byte offset in the backing store, the low bits are the
 * PAGE_* flags. The CPU's fast path is therefore a single typed-array load per access; everything unusual (MMIO,
 * watched pages, pages holding translated code, misaligned accesses, faults) takes the slow path here.
 *
 * There are two maps: machine mode sees every device; user mode sees only what the kernel maps for it. A no-MMU
 * system has no address translation, so the frame in both maps is always the page's own physical location.
 */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);
const PAGE_OFFSET_MASK = PAGE_SIZE - 1;

export const PAGE_R = 1;
export const PAGE_W = 2;
export const PAGE_X = 4;
/** The page belongs to an MMIO device: every access goes through the device callbacks. */
export const PAGE_MMIO = 8;
/** Stores to the page must be reported to `storeWatcher` (devices such as HTIF tohost): they take the slow path. */
export const PAGE_WATCH = 16;
/** The page holds translated code: stores take the slow path and are reported to `codeWatcher`. */
export const PAGE_CODE = 32;
export const PAGE_FLAGS = PAGE_OFFSET_MASK;
export const PAGE_RWX = PAGE_R | PAGE_W | PAGE_X;

export type AccessWidth = 1 | 2 | 4;

export interface MmioDevice {
  readonly name: string;
  read(offset: number, width: AccessWidth): number;
  write(offset: number, width: AccessWidth, value: number): void;
}

/** Called after a store to a PAGE_WATCH page has been performed. */
export type StoreWatcher = (addr: number, width: AccessWidth) => void;

export interface MemoryRegion {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Offset of the region in the backing store, or -1 for MMIO regions. */
  readonly backingOffset: number;
  readonly kind: 'ram' | 'rom' | 'mmio';
  readonly device?: MmioDevice;
}

/** Access-fault marker returned by the slow paths; a real value is always a 32-bit integer. */
export const ACCESS_FAULT = 0x1_0000_0000;

export class PhysicalMemory {
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  readonly machineMap = new Int32Array(PAGE_COUNT);
  readonly userMap = new Int32Array(PAGE_COUNT);
  readonly regions: MemoryRegion[] = [];
  storeWatcher: StoreWatcher | null = null;
  /** The hart's code cache, told of every store to a PAGE_CODE page (kept apart from the devices' watcher). */
  codeWatcher: StoreWatcher | null = null;
  /** After a slow path reports a fault: the address of the part of the access that faulted (for mtval). */
  faultAddress = 0;
  private backingUsed = 0;

  constructor(readonly backingSize: number) {
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
      throw new Error('rvnommu needs a little-endian host');
    }
    if (backingSize % PAGE_SIZE !== 0 || backingSize <= 0 || backingSize > 0x7000_0000) {
      throw new Error(`backing store size ${backingSize} must be a positive multiple of ${PAGE_SIZE} below 1.75 GiB`);
    }
    const buffer = new ArrayBuffer(backingSize);
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  addRam(name: string, base: number, size: number): MemoryRegion {
    return this.addBacked(name, base, size, 'ram', PAGE_RWX);
  }

  /**
   * ROM is read/execute for machine mode; its contents are written with `load`. A `device` may take over its reads
   * for a while (see `divertToDevice`): a flash chip answers with status words while it programs or erases.
   */
  addRom(name: string, base: number, size: number, device?: MmioDevice): MemoryRegion {
    return this.addBacked(name, base, size, 'rom', PAGE_R | PAGE_X, device);
  }

  addMmio(base: number, size: number, device: MmioDevice): MemoryRegion {
    this.checkFree(device.name, base, size);
    const region: MemoryRegion = { name: device.name, base, size, backingOffset: -1, kind: 'mmio', device };
    this.regions.push(region);
    for (let page = base >>> PAGE_SHIFT; page < (base + size) >>> PAGE_SHIFT; page++) {
      this.machineMap[page] = PAGE_R | PAGE_W | PAGE_MMIO;
    }
    return region;
  }

  regionAt(addr: number): MemoryRegion | undefined {
    addr >>>= 0;
    return this.regions.find((r) => addr - r.base >= 0 && addr - r.base < r.size);
  }

  /** Copies bytes into backed memory regardless of permissions (loaders, device programming). */
  load(addr: number, bytes: Uint8Array): void {
    const offset = this.backingOffsetOfRange(addr, bytes.length);
    if (offset < 0) throw new RangeError(`cannot load ${bytes.length} bytes at 0x${(addr >>> 0).toString(16)}`);
    this.u8.set(bytes, offset);
  }

  /** Host-side word read of backed memory, regardless of permissions; undefined where nothing is backed. */
  read32(addr: number): number | undefined {
    const at = this.backingOffsetOfRange(addr, 4);
    return at < 0 ? undefined : this.u8[at] | (this.u8[at + 1] << 8) | (this.u8[at + 2] << 16) | (this.u8[at + 3] << 24);
  }

  /** Host-side word write to backed memory, regardless of permissions; false where nothing is backed. */
  write32(addr: number, value: number): boolean {
    const at = this.backingOffsetOfRange(addr, 4);
    if (at < 0) return false;
    for (let i = 0; i < 4; i++) this.u8[at + i] = value >>> (8 * i);
    return true;
  }

  /** Backing-store offset of [addr, addr+length) when it lies inside one backed region, else -1. */
  backingOffsetOfRange(addr: number, length: number): number {
    const region = this.regionAt(addr);
    if (!region || region.backingOffset < 0) return -1;
    const start = (addr >>> 0) - region.base;
    if (length < 0 || start + length > region.size) return -1;
    return region.backingOffset + start;
  }

  /** Sets the user-mode permissions of whole pages; the frame is the page's own physical location. */
  setUserAccess(addr: number, length: number, flags: number): void {
    const first = addr >>> PAGE_SHIFT;
    const end = Math.ceil(((addr >>> 0) + length) / PAGE_SIZE);
    for (let page = first; page < end; page++) {
      const machine = this.machineMap[page];
      if (flags !== 0 && (machine & PAGE_RWX) === 0) {
        throw new RangeError(`page 0x${(page << PAGE_SHIFT >>> 0).toString(16)} has no memory behind it`);
      }
      this.userMap[page] = flags === 0 ? 0 : (machine & ~PAGE_FLAGS) | flags | (machine & (PAGE_MMIO | PAGE_WATCH | PAGE_CODE));
    }
  }

  /** Marks pages so that every store to them is reported to `storeWatcher` (both privilege levels). */
  watchStores(addr: number, length: number): void {
    const end = Math.ceil(((addr >>> 0) + length) / PAGE_SIZE);
    for (let page = addr >>> PAGE_SHIFT; page < end; page++) {
      this.machineMap[page] |= PAGE_WATCH;
      if (this.userMap[page] !== 0) this.userMap[page] |= PAGE_WATCH;
    }
  }

  /** Sets or clears PAGE_CODE on the page holding `addr`, for both privilege levels. */
  markCode(addr: number, holdsCode: boolean): void {
    const page = addr >>> PAGE_SHIFT;
    this.machineMap[page] = holdsCode ? this.machineMap[page] | PAGE_CODE : this.machineMap[page] & ~PAGE_CODE;
    if (this.userMap[page] !== 0) {
      this.userMap[page] = holdsCode ? this.userMap[page] | PAGE_CODE : this.userMap[page] & ~PAGE_CODE;
    }
  }

  /**
   * Sends every access to the pages of [addr, addr+length) in a backed region to the region's device (true), or
   * back to the bytes (false). Diverted pages are MMIO pages: loads go to the device and fetches fault.
   */
  divertToDevice(addr: number, length: number, diverted: boolean): void {
    const end = Math.ceil(((addr >>> 0) + length) / PAGE_SIZE);
    for (let page = addr >>> PAGE_SHIFT; page < end; page++) {
      this.machineMap[page] = diverted ? this.machineMap[page] | PAGE_MMIO : this.machineMap[page] & ~PAGE_MMIO;
      if (this.userMap[page] !== 0) {
        this.userMap[page] = diverted ? this.userMap[page] | PAGE_MMIO : this.userMap[page] & ~PAGE_MMIO;
      }
    }
  }

  /**
   * The host (a device programming itself, a loader) changed [addr, addr+length) behind the page map: translated
   * code made from those bytes is dropped now rather than at the next revalidation.
   */
  hostWrote(addr: number, length: number): void {
    const start = addr >>> 0;
    const end = start + length;
    for (let word = start - (start % 4); word < end; word += 4) {
      // Checked per word: dropping a page's last region clears its PAGE_CODE, which ends the reports.
      if (this.machineMap[word >>> PAGE_SHIFT] & PAGE_CODE) this.codeWatcher?.(word, 4);
      else word = ((word >>> PAGE_SHIFT) + 1) * PAGE_SIZE - 4;
    }
  }

  /**
   * Slow-path load: misaligned, MMIO, or faulting accesses. Returns the value (sign- or zero-extended as asked) or
   * ACCESS_FAULT. A misaligned access is performed byte by byte, as the privileged spec allows an implementation to.
   */
  slowLoad(map: Int32Array, addr: number, width: AccessWidth, signed: boolean, requiredFlag: number): number {
    addr >>>= 0;
    this.faultAddress = addr;
    const entry = map[addr >>> PAGE_SHIFT];
    if ((entry & requiredFlag) === 0) return ACCESS_FAULT;
    if (entry & PAGE_MMIO) {
      if (addr & (width - 1)) return ACCESS_FAULT;
      const region = this.regionAt(addr)!;
      const raw = region.device!.read(addr - region.base, width);
      return extend(raw, width, signed);
    }
    if ((addr & (width - 1)) === 0 || ((addr + width - 1) >>> PAGE_SHIFT) === addr >>> PAGE_SHIFT) {
      const at = (entry & ~PAGE_FLAGS) + (addr & PAGE_OFFSET_MASK);
      let value = 0;
      for (let i = width - 1; i >= 0; i--) value = (value << 8) | this.u8[at + i];
      return extend(value, width, signed);
    }
    // Misaligned across a page boundary: each byte may live on a differently mapped page. Bytes are read in
    // address order so that a fault names the first inaccessible one.
    let value = 0;
    for (let i = 0; i < width; i++) {
      const byte = this.slowLoad(map, (addr + i) >>> 0, 1, false, requiredFlag);
      if (byte === ACCESS_FAULT) return ACCESS_FAULT;
      value |= byte << (8 * i);
    }
    return extend(value, width, signed);
  }

  /** Slow-path store; returns false on an access fault. */
  slowStore(map: Int32Array, addr: number, width: AccessWidth, value: number): boolean {
    addr >>>= 0;
    this.faultAddress = addr;
    const entry = map[addr >>> PAGE_SHIFT];
    if ((entry & PAGE_W) === 0) return false;
    if (entry & PAGE_MMIO) {
      if (addr & (width - 1)) return false;
      const region = this.regionAt(addr)!;
      region.device!.write(addr - region.base, width, width === 4 ? value | 0 : value & ((1 << (8 * width)) - 1));
      return true;
    }
    if (((addr + width - 1) >>> PAGE_SHIFT) !== addr >>> PAGE_SHIFT) {
      const lastEntry = map[(addr + width - 1) >>> PAGE_SHIFT];
      if ((lastEntry & PAGE_W) === 0 || (lastEntry & PAGE_MMIO)) {
        this.faultAddress = ((addr + width - 1) & ~PAGE_OFFSET_MASK) >>> 0;
        return false;
      }
      for (let i = 0; i < width; i++) this.slowStore(map, (addr + i) >>> 0, 1, value >>> (8 * i));
      return true;
    }
    const at = (entry & ~PAGE_FLAGS) + (addr & PAGE_OFFSET_MASK);
    for (let i = 0; i < width; i++) this.u8[at + i] = value >>> (8 * i);
    if (entry & PAGE_CODE) this.codeWatcher?.(addr, width);
    if (entry & PAGE_WATCH) this.storeWatcher?.(addr, width);
    return true;
  }

  private addBacked(name: string, base: number, size: number, kind: 'ram' | 'rom', flags: number, device?: MmioDevice): MemoryRegion {
    this.checkFree(name, base, size);
    if (this.backingUsed + size > this.backingSize) {
      throw new RangeError(`${name}: ${size} bytes do not fit in the remaining backing store`);
    }
    const region: MemoryRegion = { name, base, size, backingOffset: this.backingUsed, kind, device };
    this.backingUsed += size;
    this.regions.push(region);
    for (let i = 0; i < size >>> PAGE_SHIFT; i++) {
      this.machineMap[(base >>> PAGE_SHIFT) + i] = (region.backingOffset + i * PAGE_SIZE) | flags;
    }
    return region;
  }

  private checkFree(name: string, base: number, size: number): void {
    if (base % PAGE_SIZE !== 0 || size % PAGE_SIZE !== 0 || size <= 0 || base + size > 2 ** 32) {
      throw new RangeError(`${name}: region must be page aligned and inside the 32-bit space`);
    }
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < base + size) throw new RangeError(`${name} overlaps ${r.name}`);
    }
  }
}

function extend(value: number, width: AccessWidth, signed: boolean): number {
  if (width === 4) return value | 0;
  const bits = 32 - 8 * width;
  return signed ? (value << bits) >> bits : (value << bits) >>> bits;
}

import type { Flash } from '../../../devices/Flash.js';
import { Errno } from '../../errno.js';
import { NOMMU_MAP_COPY, NOMMU_MAP_DIRECT, NOMMU_MAP_EXEC, NOMMU_MAP_READ } from '../../mm/constants.js';

/** include/uapi/mtd/mtd-abi.h */
export const MTD_NORFLASH = 3;
export const MTD_WRITEABLE = 0x400;
export const MTD_BIT_WRITEABLE = 0x800;
export const MTD_CAP_NORFLASH = MTD_WRITEABLE | MTD_BIT_WRITEABLE;

/**
 * An MTD device over the flash chip (Linux's struct mtd_info and the mtd_read/mtd_write/mtd_erase/
 * mtd_get_unmapped_area entry points with their argument checks), used by /dev/mtd0 and by romfs.
 *
 * Execute in place: the chip is linearly mapped, so like a CFI chip with point() support (cfi_amdstd_point) it can
 * hand out the address of its contents, and mappings use it directly. A real chip cannot be read while it programs
 * or erases (it answers with status words), so no direct mapping may exist during such an operation. Linux's CFI
 * driver makes the writer sleep while the chip is pointed at (FL_POINT) until the points are dropped; a no-MMU
 * mapping never drops its point, so there the writer would sleep forever, and here the writer may well be the
 * process holding the mapping. We therefore refuse program and erase with EBUSY while any direct mapping of the
 * chip exists (`directlyMapped`, asked of the mmap core), and they complete before the syscall returns, so no
 * mapping can be made while one is in progress.
 */
export class MtdDevice {
  readonly type = MTD_NORFLASH;
  readonly flags = MTD_CAP_NORFLASH;
  /** NOR flash is written byte by byte and has no out-of-band area. */
  readonly writeSize = 1;
  readonly oobSize = 0;

  constructor(
    private readonly flash: Flash,
    private readonly directlyMapped: () => boolean,
  ) {}

  get size(): number {
    return this.flash.size;
  }

  get eraseSize(): number {
    return this.flash.sectorSize;
  }

  /**
   * What mappings may do with the chip: run in place or be copied. Linux gives this for linearly mapped ROM
   * (MTD_ROM); for its NOR type it offers copies only, as not every NOR driver can point().
   */
  mmapCapabilities(): number {
    return NOMMU_MAP_COPY | NOMMU_MAP_DIRECT | NOMMU_MAP_READ | NOMMU_MAP_EXEC;
  }

  /** mtd_read: the bytes at [offset, offset+into.length), which must lie on the chip. */
  read(offset: number, into: Uint8Array): number {
    if (offset < 0 || offset >= this.size || into.length > this.size - offset) return -Errno.EINVAL;
    this.flash.readData(offset, into);
    return into.length;
  }

  /** mtd_write: programs `data` at `offset`; -EIO when a bit had to go from 0 to 1 (the chip cannot do that). */
  write(offset: number, data: Uint8Array): number {
    if (offset < 0 || offset >= this.size || data.length > this.size - offset) return -Errno.EINVAL;
    if (data.length === 0) return 0;
    if (this.directlyMapped()) return -Errno.EBUSY;
    return this.flash.program(offset, data) ? data.length : -Errno.EIO;
  }

  /** mtd_erase with the CFI driver's check that the range is whole erase blocks. */
  erase(offset: number, length: number): number {
    if (offset < 0 || offset >= this.size || length > this.size - offset) return -Errno.EINVAL;
    if (length === 0) return 0;
    if (offset % this.eraseSize !== 0 || length % this.eraseSize !== 0) return -Errno.EINVAL;
    if (this.directlyMapped()) return -Errno.EBUSY;
    this.flash.erase(offset, length);
    return 0;
  }

  /** mtd_get_unmapped_area through point(): the physical address of [offset, offset+len) on the chip. */
  getUnmappedArea(len: number, offset: number): number {
    if (offset < 0 || len > this.size - offset) return -Errno.EINVAL;
    return this.flash.base + offset;
  }
}

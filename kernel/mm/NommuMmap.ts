import { PAGE_SHIFT, PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import {
  MAP_FIXED,
  MAP_GROWSDOWN,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_TYPE,
  MAP_UNINITIALIZED,
  MREMAP_FIXED,
  NOMMU_MAP_COPY,
  NOMMU_MAP_DIRECT,
  NOMMU_MAP_EXEC,
  NOMMU_MAP_READ,
  NOMMU_MAP_WRITE,
  NOMMU_VMFLAGS,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  VM_EXEC,
  VM_GROWSDOWN,
  VM_IO,
  VM_MAPPED_COPY,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_PFNMAP,
  VM_READ,
  VM_SHARED,
  VM_WRITE,
} from './constants.js';
import type { MemoryMap } from './MemoryMap.js';
import type { MmapBacking } from './MmapBacking.js';
import { PageAllocator, getOrder } from './PageAllocator.js';
import { VmArea } from './VmArea.js';
import { VmRegion } from './VmRegion.js';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o060000;
const S_IFCHR = 0o020000;
/** The end of the user address range (TASK_SIZE): mmap lengths and userfaultfd ranges are checked against it. */
export const TASK_SIZE = 0xffff_f000;
/** Where RAM starts on the machines rvnommu models (QEMU virt). */
export const RAM_BASE = 0x8000_0000;

/**
 * The no-MMU mmap core, after Linux's mm/nommu.c and Documentation/admin-guide/mm/nommu-mmap.rst: mappings are
 * made of regions of physical memory (allocated as power-of-two page blocks, trimmed per vm.nr_trim_pages, or
 * supplied directly by a device or memory-backed file) shared between processes where the rules allow, and each
 * process sees its mappings as areas. No address hint is ever honoured and MAP_FIXED is refused.
 */
export class NommuMmap {
  /** All regions in the system, sorted by start (nommu_region_tree); /proc/maps lists them. */
  readonly regions: VmRegion[] = [];
  /** vm.nr_trim_pages: excess pages of a power-of-two allocation are freed when at least this many (0 = never). */
  nrTrimPages = 1;
  /** Pages currently held by private copies and anonymous mappings (mmap_pages_allocated). */
  pagesAllocated = 0;
  /** Pages of ramfs/tmpfs file data, kept up to date by the files (the page cache of a no-MMU ramfs). */
  pageCachePages = 0;

  constructor(
    readonly physical: PhysicalMemory,
    readonly allocator: PageAllocator,
  ) {}

  /** An mmap core with `bytes` of RAM of its own at RAM_BASE, for a file system used without a machine. */
  static withOwnRam(bytes: number): NommuMmap {
    const physical = new PhysicalMemory(bytes);
    physical.addRam('ram', RAM_BASE, bytes);
    return new NommuMmap(physical, new PageAllocator(RAM_BASE, bytes / PAGE_SIZE));
  }

  /** do_mmap: returns the mapping's address or a negative errno. */
  doMmap(
    mm: MemoryMap,
    file: MmapBacking | null,
    len: number,
    prot: number,
    flags: number,
    pgoff: number,
    extraVmFlags = 0,
  ): number {
    const request = this.validateMmapRequest(file, len, prot, flags, pgoff);
    if (typeof request === 'number') return request;
    let capabilities = request.capabilities;
    prot = request.prot;
    len = pageAlign(len);
    const vmFlags = extraVmFlags | determineVmFlags(file, prot, flags, capabilities);

    let region = new VmRegion(0, 0, 0, vmFlags, pgoff, file, false);
    const area = new VmArea(0, 0, vmFlags, pgoff, region, file);

    if (vmFlags & VM_MAYSHARE && file) {
      const shared = this.findShareableRegion(file, len, pgoff, capabilities);
      if (typeof shared === 'number') return shared;
      if (shared) {
        const start = shared.start + (pgoff - shared.pgoff) * PAGE_SIZE;
        area.region = shared;
        area.start = start;
        area.end = start + len;
        if (shared.flags & VM_MAPPED_COPY) {
          area.flags |= VM_MAPPED_COPY;
        } else {
          const result = this.mmapSharedFile(area);
          if (result < 0) return result;
        }
        shared.usage++;
        mm.add(area);
        return start;
      }
      // A device or memory-backed file tells where a direct mapping lives.
      if (capabilities & NOMMU_MAP_DIRECT) {
        const addr = file.getUnmappedArea ? file.getUnmappedArea(len, pgoff, flags) : -Errno.ENOSYS;
        if (addr < 0) {
          if (addr !== -Errno.ENOSYS) return addr;
          if (!(capabilities & NOMMU_MAP_COPY)) return -Errno.ENODEV;
          capabilities &= ~NOMMU_MAP_DIRECT;
        } else {
          area.start = region.start = addr;
          area.end = region.end = addr + len;
        }
      }
    }

    const result =
      file && area.flags & VM_SHARED ? this.mmapSharedFile(area) : this.mmapPrivate(area, region, len, capabilities);
    if (result < 0) return result;
    region = area.region;
    this.addRegion(region);
    // The region keeps the file open: a memory-backed file's pages must outlive its last descriptor and name.
    region.file?.hold();

    if (!file && !(flags & MAP_UNINITIALIZED)) {
      const offset = this.physical.backingOffsetOfRange(region.start, region.end - region.start);
      this.physical.u8.fill(0, offset, offset + region.end - region.start);
    }
    mm.add(area);
    return area.start;
  }

  /** do_munmap: the range must lie in one area; only anonymous areas may be split or shrunk. */
  doMunmap(mm: MemoryMap, start: number, len: number): number {
    len = pageAlign(len);
    if (len === 0) return -Errno.EINVAL;
    const end = start + len;
    let area = mm.findFirstEndingAbove(start);
    if (!area) return -Errno.EINVAL;

    if (area.file) {
      // A file mapping goes whole: the range may cover several areas but must end exactly at one's end.
      for (let index = mm.areas.indexOf(area); index < mm.areas.length; index++) {
        area = mm.areas[index];
        if (start > area.start) return -Errno.EINVAL;
        if (end === area.end) return this.eraseArea(mm, area);
      }
      return -Errno.EINVAL;
    }
    if (start === area.start && end === area.end) return this.eraseArea(mm, area);
    if (start < area.start || end > area.end) return -Errno.EINVAL;
    if (start % PAGE_SIZE !== 0) return -Errno.EINVAL;
    if (end !== area.end && end % PAGE_SIZE !== 0) return -Errno.EINVAL;
    if (start !== area.start && end !== area.end) this.splitArea(mm, area, start);
    return this.shrinkArea(mm, area, start, end);
  }

  /** do_mremap: only resizing in place, within the region do_mmap_private allocated, of an unshareable area. */
  doMremap(mm: MemoryMap, addr: number, oldLen: number, newLen: number, flags: number, newAddr: number): number {
    oldLen = pageAlign(oldLen);
    newLen = pageAlign(newLen);
    if (oldLen === 0 || newLen === 0) return -Errno.EINVAL;
    if (addr % PAGE_SIZE !== 0) return -Errno.EINVAL;
    if (flags & MREMAP_FIXED && newAddr !== addr) return -Errno.EINVAL;
    const area = mm.findExact(addr, oldLen);
    if (!area) return -Errno.EINVAL;
    if (area.flags & VM_MAYSHARE) return -Errno.EPERM;
    if (newLen > area.region.end - area.region.start) return -Errno.ENOMEM;
    const oldEnd = area.end;
    area.end = area.start + newLen;
    mm.reshape(area, area.start, oldEnd);
    return area.start;
  }

  /**
   * Maps anonymous memory at exactly [addr, addr+len) for a program linked at a fixed address (ET_EXEC): there is
   * no translation, so this succeeds only where those physical pages are free RAM. Returns addr or -ENOMEM.
   */
  mapFixedForExec(mm: MemoryMap, addr: number, len: number, vmFlags: number): number {
    const start = addr - (addr % PAGE_SIZE);
    const end = pageAlign(addr + len);
    if (!this.allocator.reserve(start, (end - start) / PAGE_SIZE)) return -Errno.ENOMEM;
    this.pagesAllocated += (end - start) / PAGE_SIZE;
    const region = new VmRegion(start, end, end, vmFlags | VM_MAPPED_COPY, 0, null, true);
    this.addRegion(region);
    const offset = this.physical.backingOffsetOfRange(start, end - start);
    this.physical.u8.fill(0, offset, offset + end - start);
    mm.add(new VmArea(start, end, region.flags, 0, region, null));
    return start;
  }

  /**
   * nommu_shrink_inode_mappings: a memory-backed file may shrink from `size` to `newSize` bytes only if no region
   * maps its pages directly from the page holding the new end on; -ETXTBSY otherwise. Linux refuses only for VM_SHARED mappings and
   * lets a private read-only direct mapping keep pointing at pages it frees; here any direct region counts, so
   * mapped pages are never handed out again while a process can still read them.
   */
  shrinkInodeMappings(inode: object, size: number, newSize: number): number {
    const low = Math.floor(newSize / PAGE_SIZE);
    const high = Math.ceil(size / PAGE_SIZE);
    for (const region of this.regions) {
      if (region.file?.inode !== inode || region.flags & VM_MAPPED_COPY) continue;
      const regionEnd = region.pgoff + Math.ceil((region.end - region.start) / PAGE_SIZE);
      if (region.pgoff <= high && regionEnd > low) return -Errno.ETXTBSY;
    }
    return 0;
  }

  /** exit_mmap: drops every area of an address space that nobody uses any more. */
  exitMmap(mm: MemoryMap): void {
    while (mm.areas.length > 0) this.eraseArea(mm, mm.areas[0]);
  }

  private validateMmapRequest(
    file: MmapBacking | null,
    len: number,
    prot: number,
    flags: number,
    pgoff: number,
  ): { capabilities: number; prot: number } | number {
    if (flags & MAP_FIXED) return -Errno.EINVAL;
    if ((flags & MAP_TYPE) !== MAP_PRIVATE && (flags & MAP_TYPE) !== MAP_SHARED) return -Errno.EINVAL;
    if (len === 0) return -Errno.EINVAL;
    const rlen = pageAlign(len);
    if (rlen === 0 || rlen > TASK_SIZE) return -Errno.ENOMEM;
    if (pgoff + rlen / PAGE_SIZE > 2 ** 32) return -Errno.EOVERFLOW;

    if (!file) return { capabilities: NOMMU_MAP_COPY, prot };

    let capabilities: number;
    if (file.capabilities) {
      capabilities = file.capabilities();
    } else {
      switch (file.fileType & S_IFMT) {
        case S_IFREG:
        case S_IFBLK:
          capabilities = NOMMU_MAP_COPY;
          break;
        case S_IFCHR:
          capabilities = NOMMU_MAP_DIRECT | NOMMU_MAP_READ | NOMMU_MAP_WRITE;
          break;
        default:
          return -Errno.EINVAL;
      }
    }
    if (!file.getUnmappedArea) capabilities &= ~NOMMU_MAP_DIRECT;
    if (!file.readable) capabilities &= ~NOMMU_MAP_COPY;
    if (!file.readable) return -Errno.EACCES;

    if (flags & MAP_SHARED) {
      if (prot & PROT_WRITE && !file.writable) return -Errno.EACCES;
      if (file.appendOnly && file.writable) return -Errno.EACCES;
      if (!(capabilities & NOMMU_MAP_DIRECT)) return -Errno.ENODEV;
      capabilities &= ~NOMMU_MAP_COPY;
    } else {
      if (!(capabilities & NOMMU_MAP_COPY)) return -Errno.ENODEV;
      if (prot & PROT_WRITE) capabilities &= ~NOMMU_MAP_DIRECT;
    }

    if (capabilities & NOMMU_MAP_DIRECT) {
      if (
        (prot & PROT_READ && !(capabilities & NOMMU_MAP_READ)) ||
        (prot & PROT_WRITE && !(capabilities & NOMMU_MAP_WRITE)) ||
        (prot & PROT_EXEC && !(capabilities & NOMMU_MAP_EXEC))
      ) {
        capabilities &= ~NOMMU_MAP_DIRECT;
        if (flags & MAP_SHARED) return -Errno.EINVAL;
      }
    }

    if (file.noexec) {
      if (prot & PROT_EXEC) return -Errno.EPERM;
    } else if (prot & PROT_READ && prot & PROT_EXEC && !(capabilities & NOMMU_MAP_EXEC)) {
      // The backing cannot be executed in place: fall back to a copy.
      capabilities &= ~NOMMU_MAP_DIRECT;
    }
    return { capabilities, prot };
  }

  /**
   * A region of the same file that this mapping may share: only a superset match, unless the backing maps
   * directly (devices and memory-backed files handle overlap themselves). -EINVAL on a sharing violation.
   */
  private findShareableRegion(
    file: MmapBacking,
    len: number,
    pgoff: number,
    capabilities: number,
  ): VmRegion | number | null {
    const pglen = Math.ceil(len / PAGE_SIZE);
    const pgend = pgoff + pglen;
    for (const region of this.regions) {
      if (!(region.flags & VM_MAYSHARE) || region.file?.inode !== file.inode) continue;
      if (region.pgoff >= pgend) continue;
      const rpglen = Math.ceil((region.end - region.start) / PAGE_SIZE);
      const rpgend = region.pgoff + rpglen;
      if (pgoff >= rpgend) continue;
      if ((region.pgoff !== pgoff || rpglen !== pglen) && !(pgoff >= region.pgoff && pgend <= rpgend)) {
        if (!(capabilities & NOMMU_MAP_DIRECT)) return -Errno.EINVAL;
        continue;
      }
      return region;
    }
    return null;
  }

  /** call_mmap for a direct mapping: the file accepts the area as its own storage (0), or says why not. */
  private mapDirectly(area: VmArea): number {
    const file = area.file!;
    const result = file.mmapDirect ? file.mmapDirect(area.start, area.end - area.start, area.pgoff, area.flags) : -Errno.ENOSYS;
    if (result !== 0) return result;
    area.region.top = area.region.end;
    if (file.ioMemory) area.flags |= VM_IO | VM_PFNMAP;
    return 0;
  }

  /** do_mmap_shared_file: the file provides and pins the storage. */
  private mmapSharedFile(area: VmArea): number {
    const result = this.mapDirectly(area);
    return result === -Errno.ENOSYS ? -Errno.ENODEV : result;
  }

  /** do_mmap_private: a direct mapping if the backing allows one, else a private copy in fresh pages. */
  private mmapPrivate(area: VmArea, region: VmRegion, len: number, capabilities: number): number {
    if (capabilities & NOMMU_MAP_DIRECT) {
      const result = this.mapDirectly(area);
      if (result !== -Errno.ENOSYS) return result;
    }

    const order = getOrder(len);
    let total = 1 << order;
    const point = len >>> PAGE_SHIFT;
    if (this.nrTrimPages && total - point >= this.nrTrimPages) total = point;
    const base = this.allocPagesExact(order, total);
    if (base === undefined) return -Errno.ENOMEM;
    this.pagesAllocated += total;

    const copy = new VmRegion(base, base + len, base + total * PAGE_SIZE, area.flags | VM_MAPPED_COPY, region.pgoff, region.file, true);
    area.region = copy;
    area.flags |= VM_MAPPED_COPY;
    area.start = base;
    area.end = base + len;

    if (area.file) {
      const offset = this.physical.backingOffsetOfRange(base, len);
      const into = this.physical.u8.subarray(offset, offset + len);
      const read = area.file.readForCopy(into, area.pgoff * PAGE_SIZE);
      if (read < 0) {
        this.freePageSeries(copy.start, copy.top);
        return read;
      }
      into.fill(0, read);
    }
    return 0;
  }

  /** alloc_pages_exact: a 2^order block of which the pages past `keep` are given straight back. */
  private allocPagesExact(order: number, keep: number): number | undefined {
    const base = this.allocator.allocOrder(order);
    if (base === undefined) return undefined;
    if (keep < 1 << order) this.allocator.free(base + keep * PAGE_SIZE, (1 << order) - keep);
    return base;
  }

  private freePageSeries(from: number, to: number): void {
    const pages = (to - from) / PAGE_SIZE;
    if (pages <= 0) return;
    this.allocator.free(from, pages);
    this.pagesAllocated -= pages;
  }

  private addRegion(region: VmRegion): void {
    let index = this.regions.findIndex((other) => other.start > region.start);
    if (index < 0) index = this.regions.length;
    this.regions.splice(index, 0, region);
  }

  private deleteRegion(region: VmRegion): void {
    const index = this.regions.indexOf(region);
    if (index >= 0) this.regions.splice(index, 1);
  }

  /** __put_nommu_region: the last user frees the pages of a private copy or anonymous block. */
  private putRegion(region: VmRegion): void {
    if (--region.usage > 0) return;
    this.deleteRegion(region);
    if (region.ownsPages) this.freePageSeries(region.start, region.top);
    region.file?.release();
  }

  private eraseArea(mm: MemoryMap, area: VmArea): number {
    mm.remove(area);
    this.putRegion(area.region);
    area.file?.closeArea?.();
    return 0;
  }

  /** split_vma with the new area below `addr` (only anonymous areas, each with its own region, are split). */
  private splitArea(mm: MemoryMap, area: VmArea, addr: number): void {
    const old = area.region;
    const pages = (addr - area.start) / PAGE_SIZE;
    const lowRegion = new VmRegion(old.start, addr, addr, old.flags, old.pgoff, old.file, old.ownsPages);
    const low = new VmArea(area.start, addr, area.flags, area.pgoff, lowRegion, area.file);
    this.deleteRegion(old);
    old.start = area.start = addr;
    old.pgoff = area.pgoff += pages;
    this.addRegion(old);
    this.addRegion(lowRegion);
    mm.add(low);
  }

  /** shrink_vma: cuts [from, to) off the start or the end of an anonymous area and frees those pages. */
  private shrinkArea(mm: MemoryMap, area: VmArea, from: number, to: number): number {
    const oldStart = area.start;
    const oldEnd = area.end;
    if (from > area.start) area.end = from;
    else area.start = to;
    mm.reshape(area, oldStart, oldEnd);

    const region = area.region;
    this.deleteRegion(region);
    if (from > region.start) {
      to = region.top;
      region.top = region.end = from;
    } else {
      region.start = to;
    }
    this.addRegion(region);
    this.freePageSeries(from, to);
    return 0;
  }
}

/** Linux calc_vm_prot_bits | calc_vm_flag_bits, then the no-MMU sharing decisions of determine_vm_flags. */
function determineVmFlags(file: MmapBacking | null, prot: number, flags: number, capabilities: number): number {
  let vmFlags =
    (prot & PROT_READ ? VM_READ : 0) |
    (prot & PROT_WRITE ? VM_WRITE : 0) |
    (prot & PROT_EXEC ? VM_EXEC : 0) |
    (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
  if (!(capabilities & NOMMU_MAP_DIRECT)) {
    vmFlags |= VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
    if (file && !(prot & PROT_WRITE)) vmFlags |= VM_MAYSHARE;
  } else {
    vmFlags |= VM_MAYSHARE | (capabilities & NOMMU_VMFLAGS);
    if (flags & MAP_SHARED) vmFlags |= VM_SHARED;
  }
  return vmFlags;
}

function pageAlign(len: number): number {
  return Math.ceil((len >>> 0) / PAGE_SIZE) * PAGE_SIZE;
}

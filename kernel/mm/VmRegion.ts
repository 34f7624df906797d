import type { MmapBacking } from './MmapBacking.js';

/**
 * A piece of physical memory backing one or more mappings, possibly of several processes (Linux's vm_region).
 * [start, end) is what is mapped; [start, top) is what was allocated (a trimmed power-of-two block may keep a tail).
 */
export class VmRegion {
  /** Number of VMAs (of any process) using this region. */
  usage = 1;

  constructor(
    public start: number,
    public end: number,
    public top: number,
    public flags: number,
    public pgoff: number,
    readonly file: MmapBacking | null,
    /** True when the pages came from the page allocator and are freed with the region (not device memory). */
    readonly ownsPages: boolean,
  ) {}
}

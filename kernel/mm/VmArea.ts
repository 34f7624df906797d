import type { MmapBacking } from './MmapBacking.js';
import type { VmRegion } from './VmRegion.js';

/** One mapping in one process's address space (Linux's vm_area_struct). */
export class VmArea {
  constructor(
    public start: number,
    public end: number,
    public flags: number,
    public pgoff: number,
    public region: VmRegion,
    readonly file: MmapBacking | null,
  ) {}
}

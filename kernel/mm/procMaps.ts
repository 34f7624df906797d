import { PAGE_SHIFT } from '../../cpu/PhysicalMemory.js';
import { VM_EXEC, VM_MAYSHARE, VM_READ, VM_SHARED, VM_WRITE } from './constants.js';
import type { MemoryMap } from './MemoryMap.js';
import type { MmapBacking } from './MmapBacking.js';
import type { NommuMmap } from './NommuMmap.js';

/** Column where the path starts on a 32-bit kernel: seq_setwidth(25 + sizeof(void *) * 6 - 1) plus the pad char. */
const PATH_COLUMN = 25 + 4 * 6 - 1;

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function line(start: number, end: number, flags: number, offset: number, file: MmapBacking | null, name: string): string {
  const dev = file ? file.dev : 0;
  const text =
    `${hex8(start)}-${hex8(end)} ` +
    (flags & VM_READ ? 'r' : '-') +
    (flags & VM_WRITE ? 'w' : '-') +
    (flags & VM_EXEC ? 'x' : '-') +
    (flags & VM_MAYSHARE ? (flags & VM_SHARED ? 'S' : 's') : 'p') +
    ` ${offset.toString(16).padStart(8, '0')} ${((dev >>> 8) & 0xfff).toString(16).padStart(2, '0')}:` +
    `${(dev & 0xff).toString(16).padStart(2, '0')} ${file ? file.ino : 0} `;
  const label = file ? file.path : name;
  return label ? `${text.padEnd(PATH_COLUMN)} ${label}\n` : `${text}\n`;
}

/** /proc/maps on a no-MMU kernel: every region in the system, once each, however many processes share it. */
export function formatRegions(mmap: NommuMmap): string {
  return mmap.regions.map((r) => line(r.start, r.end, r.flags, r.pgoff * 2 ** PAGE_SHIFT, r.file, '')).join('');
}

/** /proc/PID/maps on a no-MMU kernel (task_nommu.c): the process's areas, the stack named as such. */
export function formatAreas(mm: MemoryMap): string {
  return mm.areas
    .map((area) => {
      const isStack = area.start <= mm.startStack && area.end >= mm.startStack;
      return line(area.start, area.end, area.flags, area.pgoff * 2 ** PAGE_SHIFT, area.file, isStack ? '[stack]' : '');
    })
    .join('');
}

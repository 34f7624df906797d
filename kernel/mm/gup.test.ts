import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { VM_IO, VM_PFNMAP, VM_READ, VM_SHARED, VM_WRITE } from './constants.js';
import { UserPagePins } from './gup.js';
import { MemoryMap } from './MemoryMap.js';
import { VmArea } from './VmArea.js';
import { VmRegion } from './VmRegion.js';

const RAM = 0x8000_0000;

/** An address space with areas of the given flags, one after another from RAM, each `pages` long. */
function addressSpace(...areas: [flags: number, pages: number][]): MemoryMap {
  const physical = new PhysicalMemory(64 * PAGE_SIZE);
  physical.addRam('ram', RAM, 64 * PAGE_SIZE);
  const mm = new MemoryMap(physical);
  let start = RAM;
  for (const [flags, pages] of areas) {
    const end = start + pages * PAGE_SIZE;
    if (flags !== 0) mm.add(new VmArea(start, end, flags, 0, new VmRegion(start, end, end, flags, 0, null, true), null));
    start = end;
  }
  return mm;
}

describe('pinUserPages', () => {
  it('pins every page the range touches and counts them until they are unpinned', () => {
    const pins = new UserPagePins();
    const mm = addressSpace([VM_READ | VM_WRITE, 4]);
    // Three bytes either side of a page boundary touch two pages.
    const pinned = pins.pinUserPages(mm, RAM + PAGE_SIZE - 3, 6, true);
    expect(pinned).toEqual({ start: RAM + PAGE_SIZE - 3, end: RAM + PAGE_SIZE + 3, pages: 2 });
    expect([pins.acquired, pins.released]).toEqual([2, 0]);
    const whole = pins.pinUserPages(mm, RAM, 4 * PAGE_SIZE, false);
    if (typeof pinned === 'number' || typeof whole === 'number') throw new Error('not pinned');
    expect(whole.pages).toBe(4);
    pins.unpinUserPages(pinned);
    pins.unpinUserPages(whole);
    expect([pins.acquired, pins.released]).toEqual([6, 6]);
    expect(() => pins.unpinUserPages(whole)).toThrow(/already unpinned/);
    expect(pins.released).toBe(6);
  });

  it('fails with EFAULT outside the areas, on device memory, and without the access the device needs', () => {
    const pins = new UserPagePins();
    const mm = addressSpace([VM_READ, 1], [0, 1], [VM_READ | VM_WRITE | VM_SHARED | VM_IO | VM_PFNMAP, 1]);
    expect(pins.pinUserPages(mm, RAM + PAGE_SIZE, 16, false)).toBe(-Errno.EFAULT);
    expect(pins.pinUserPages(mm, RAM + 2 * PAGE_SIZE, 16, false)).toBe(-Errno.EFAULT);
    // A device that stores into the pages needs them writable (FOLL_WRITE).
    expect(pins.pinUserPages(mm, RAM, 16, true)).toBe(-Errno.EFAULT);
    expect(pins.pinUserPages(mm, RAM - PAGE_SIZE, 16, false)).toBe(-Errno.EFAULT);
    expect([pins.acquired, pins.released]).toEqual([0, 0]);
  });

  it('stops short at the first page it cannot pin', () => {
    const pins = new UserPagePins();
    const mm = addressSpace([VM_READ | VM_WRITE, 2], [VM_READ, 1]);
    const pinned = pins.pinUserPages(mm, RAM + 100, 3 * PAGE_SIZE, true);
    expect(pinned).toEqual({ start: RAM + 100, end: RAM + 2 * PAGE_SIZE, pages: 2 });
    expect(pins.acquired).toBe(2);
  });
});

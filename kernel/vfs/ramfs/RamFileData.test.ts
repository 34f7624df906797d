import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import { Errno } from '../../errno.js';
import { NommuMmap } from '../../mm/NommuMmap.js';
import type { SpaceAccount } from './FileData.js';
import { RamFileData } from './RamFileData.js';

class Budget implements SpaceAccount {
  used = 0;
  constructor(private readonly limit: number) {}
  get available(): number {
    return this.limit - this.used;
  }
  reserve(bytes: number): boolean {
    if (bytes > this.available) return false;
    this.used += bytes;
    return true;
  }
  unreserve(bytes: number): void {
    this.used -= bytes;
  }
}

function setup(budgetBytes = 1 << 20, ramPages = 64) {
  const memory = NommuMmap.withOwnRam(ramPages * PAGE_SIZE);
  const budget = new Budget(budgetBytes);
  return { memory, budget, data: new RamFileData(budget, memory) };
}

describe('RamFileData', () => {
  it('counts the pages it holds as page cache, whether written, gathered for mapping or freed', () => {
    const { data, memory } = setup();
    expect(data.write(new Uint8Array(2 * PAGE_SIZE + 1), 0)).toBe(2 * PAGE_SIZE + 1);
    expect(memory.pageCachePages).toBe(3);
    data.truncate(PAGE_SIZE);
    expect(memory.pageCachePages).toBe(1);
    data.truncate(0);
    expect(memory.pageCachePages).toBe(0);
    expect(data.expandForMapping(5 * PAGE_SIZE)).toBe(0);
    expect(memory.pageCachePages).toBe(5);
  });

  it('reads back what was written, zeros in holes, nothing past the end', () => {
    const { data } = setup();
    expect(data.write(Uint8Array.of(1, 2, 3), PAGE_SIZE + 10)).toBe(3);
    expect(data.size).toBe(PAGE_SIZE + 13);
    expect(data.allocated).toBe(PAGE_SIZE);
    const into = new Uint8Array(20).fill(9);
    expect(data.read(into, PAGE_SIZE + 8)).toBe(5);
    expect([...into.subarray(0, 5)]).toEqual([0, 0, 1, 2, 3]);
    expect(data.read(into, 0)).toBe(20);
    expect(into.every((byte) => byte === 0)).toBe(true);
    expect(data.read(into, PAGE_SIZE + 13)).toBe(0);
  });

  it('keeps its bytes in guest pages taken from the page allocator and charged to the budget', () => {
    const { data, memory, budget } = setup();
    const free = memory.allocator.freePages;
    data.write(new Uint8Array(PAGE_SIZE + 1).fill(0x5a), 0);
    expect(memory.allocator.freePages).toBe(free - 2);
    expect(budget.used).toBe(2 * PAGE_SIZE);
    const page = data.contiguousAddress(0, 1);
    expect(memory.physical.u8[memory.physical.backingOffsetOfRange(page, 1)]).toBe(0x5a);
    data.truncate(0);
    expect(memory.allocator.freePages).toBe(free);
    expect(budget.used).toBe(0);
  });

  it('expands an empty file into one zeroed contiguous run, giving back the rest of the power-of-two block', () => {
    const { data, memory, budget } = setup();
    const free = memory.allocator.freePages;
    expect(data.expandForMapping(3 * PAGE_SIZE - 100)).toBe(0);
    expect(data.size).toBe(3 * PAGE_SIZE - 100);
    expect(memory.allocator.freePages).toBe(free - 3);
    expect(budget.used).toBe(3 * PAGE_SIZE);
    const base = data.contiguousAddress(0, 3);
    expect(base).toBeGreaterThan(0);
    expect(data.contiguousAddress(1, 2)).toBe(base + PAGE_SIZE);
    const offset = memory.physical.backingOffsetOfRange(base, 3 * PAGE_SIZE);
    expect(memory.physical.u8.subarray(offset, offset + 3 * PAGE_SIZE).every((byte) => byte === 0)).toBe(true);
  });

  it('says -ENOSYS where the range is not all in the file or not physically adjacent', () => {
    const { data, memory } = setup();
    data.write(new Uint8Array(10), 0);
    const between = memory.allocator.allocOrder(0);
    data.write(new Uint8Array(10), PAGE_SIZE);
    expect(between).toBeDefined();
    expect(data.contiguousAddress(0, 2)).toBe(-Errno.ENOSYS);
    expect(data.contiguousAddress(1, 1)).toBeGreaterThan(0);
    expect(data.contiguousAddress(1, 2)).toBe(-Errno.ENOSYS);
    expect(data.contiguousAddress(2, 1)).toBe(-Errno.ENOSYS);
    data.truncate(4 * PAGE_SIZE);
    expect(data.contiguousAddress(3, 1)).toBe(-Errno.ENOSYS);
  });

  it('refuses a run larger than the biggest buddy block, past the budget, or past free memory', () => {
    expect(setup(64 << 20, 2048).data.expandForMapping(4 * 1024 * 1024 + 1)).toBe(-Errno.EFBIG);
    const tight = setup(2 * PAGE_SIZE);
    expect(tight.data.expandForMapping(3 * PAGE_SIZE)).toBe(-Errno.ENOSPC);
    expect(tight.budget.used).toBe(0);
    const small = setup(1 << 20, 4);
    expect(small.data.expandForMapping(8 * PAGE_SIZE)).toBe(-Errno.ENOMEM);
    expect(small.budget.used).toBe(0);
    expect(small.data.size).toBe(0);
  });

  it('frees the pages cut off by shrinking and clears the tail of the last one', () => {
    const { data, memory } = setup();
    data.write(new Uint8Array(3 * PAGE_SIZE).fill(7), 0);
    const free = memory.allocator.freePages;
    data.truncate(PAGE_SIZE + 10);
    expect(memory.allocator.freePages).toBe(free + 1);
    data.truncate(3 * PAGE_SIZE);
    const into = new Uint8Array(20);
    expect(data.read(into, PAGE_SIZE)).toBe(20);
    expect([...into.subarray(8, 12)]).toEqual([7, 7, 0, 0]);
  });

  it('writes what fits when the budget runs out, then ENOSPC; ENOMEM when RAM runs out', () => {
    const { data } = setup(2 * PAGE_SIZE);
    expect(data.write(new Uint8Array(10_000), 0)).toBe(2 * PAGE_SIZE);
    expect(data.write(new Uint8Array(10), 2 * PAGE_SIZE)).toBe(-Errno.ENOSPC);
    expect(data.write(Uint8Array.of(5), 100)).toBe(1);
    const full = setup(1 << 20, 1);
    expect(full.data.write(new Uint8Array(10), PAGE_SIZE)).toBe(10);
    expect(full.data.write(new Uint8Array(10), 0)).toBe(-Errno.ENOMEM);
  });
});

import { describe, expect, it } from 'vitest';
import { Errno } from '../../errno.js';
import type { SpaceAccount } from './FileData.js';
import { GrowableFileData } from './GrowableFileData.js';

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

describe('GrowableFileData', () => {
  it('reads back what was written, zeros in holes, nothing past the end', () => {
    const data = new GrowableFileData(new Budget(1 << 20));
    expect(data.write(Uint8Array.of(1, 2, 3), 10)).toBe(3);
    expect(data.size).toBe(13);
    const into = new Uint8Array(20).fill(9);
    expect(data.read(into, 8)).toBe(5);
    expect([...into.subarray(0, 5)]).toEqual([0, 0, 1, 2, 3]);
    expect(data.read(into, 13)).toBe(0);
  });

  it('charges whole pages to the budget and gives them back when truncated', () => {
    const budget = new Budget(1 << 20);
    const data = new GrowableFileData(budget);
    data.write(new Uint8Array(5000), 0);
    expect(budget.used % 4096).toBe(0);
    expect(budget.used).toBeGreaterThanOrEqual(8192);
    data.truncate(0);
    expect(budget.used).toBe(0);
    expect(data.allocated).toBe(0);
  });

  it('grows sparse on truncate and reads zeros where old data was cut off', () => {
    const budget = new Budget(1 << 20);
    const data = new GrowableFileData(budget);
    data.write(new Uint8Array(100).fill(7), 0);
    data.truncate(10);
    data.truncate(1 << 30);
    expect(data.size).toBe(1 << 30);
    expect(budget.used).toBeLessThan(1 << 20);
    const into = new Uint8Array(20);
    expect(data.read(into, 0)).toBe(20);
    expect([...into.subarray(8, 12)]).toEqual([7, 7, 0, 0]);
    expect(data.read(into, (1 << 30) - 4)).toBe(4);
  });

  it('writes what fits when the budget runs out, then ENOSPC', () => {
    const data = new GrowableFileData(new Budget(8192));
    expect(data.write(new Uint8Array(10_000), 0)).toBe(8192);
    expect(data.write(new Uint8Array(10), 8192)).toBe(-Errno.ENOSPC);
    expect(data.write(Uint8Array.of(5), 100)).toBe(1);
  });
});

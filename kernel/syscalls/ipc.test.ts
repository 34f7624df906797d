import { describe, expect, it } from 'vitest';
import { ShmSegment } from '../ipc/SysvShm.js';
import type { OpenFile } from '../vfs/OpenFile.js';
import { encodeShmidDs } from './ipc.js';

describe('struct shmid64_ds for rv32', () => {
  it('lays out ipc64_perm, the size, the times as low/high words, the pids and the attach count', () => {
    const segment = new ShmSegment(-2, 3 * 32768 + 5, 10_000, 1000, 100, 0o640, 2 ** 32 + 7, 77, {} as OpenFile);
    segment.atime = 0x1_2345_6789;
    segment.dtime = 5;
    segment.lpid = 78;
    segment.nattch = 2;
    segment.uid = 1001;
    const view = new DataView(encodeShmidDs(segment).buffer);
    expect(view.byteLength).toBe(84);
    expect([0, 4, 8, 12, 16, 20].map((offset) => view.getInt32(offset, true))).toEqual([-2, 1001, 100, 1000, 100, 0o640]);
    expect(view.getUint16(24, true)).toBe(3);
    expect(view.getUint32(36, true)).toBe(10_000);
    expect([40, 44, 48, 52, 56, 60].map((offset) => view.getUint32(offset, true))).toEqual([0x2345_6789, 1, 5, 0, 7, 1]);
    expect([64, 68, 72, 76, 80].map((offset) => view.getUint32(offset, true))).toEqual([77, 78, 2, 0, 0]);
  });
});

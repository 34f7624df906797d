import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { VM_SHARED, VM_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { NommuMmap } from '../mm/NommuMmap.js';
import { formatAreas } from '../mm/procMaps.js';
import { type Credentials, ROOT_CREDENTIALS } from '../vfs/Credentials.js';
import { createTestVfs } from '../vfs/testing.js';
import { IPC_CREAT, IPC_EXCL, IPC_PRIVATE, SHM_DEST, SHM_RDONLY, SHM_RND, SHM_REMAP, SysvShm } from './SysvShm.js';

const ALICE: Credentials = { uid: 1000, gid: 1000, groups: [] };
const BOB: Credentials = { uid: 1001, gid: 1001, groups: [] };

function setup() {
  const mmap = NommuMmap.withOwnRam(256 * PAGE_SIZE);
  const vfs = createTestVfs(undefined, mmap);
  const clock = { seconds: 1_700_000_000, pid: 42 };
  const shm = new SysvShm({ vfs, mmap, now: () => clock.seconds, currentPid: () => clock.pid });
  const root = vfs.newFsContext().root;
  const first = new MemoryMap(mmap.physical);
  const second = new MemoryMap(mmap.physical);
  const attach = (mm: MemoryMap, id: number, flags = 0, cred = ROOT_CREDENTIALS) => shm.attach(mm, root, id, 0, flags, cred);
  const stat = (id: number) => {
    const segment = shm.stat(id, false, false, ROOT_CREDENTIALS);
    if (typeof segment === 'number') throw new Error(`stat: errno ${-segment}`);
    return segment;
  };
  return { mmap, shm, root, clock, first, second, attach, stat };
}

describe('shmget', () => {
  it('finds a keyed segment, creates it with IPC_CREAT, and refuses what ipcget refuses', () => {
    const { shm } = setup();
    expect(shm.get(0x2a, PAGE_SIZE, 0o600, ROOT_CREDENTIALS)).toBe(-Errno.ENOENT);
    const id = shm.get(0x2a, PAGE_SIZE, IPC_CREAT | 0o600, ROOT_CREDENTIALS);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(shm.get(0x2a, 100, 0, ROOT_CREDENTIALS)).toBe(id);
    expect(shm.get(0x2a, PAGE_SIZE, IPC_CREAT, ROOT_CREDENTIALS)).toBe(id);
    expect(shm.get(0x2a, PAGE_SIZE, IPC_CREAT | IPC_EXCL, ROOT_CREDENTIALS)).toBe(-Errno.EEXIST);
    expect(shm.get(0x2a, PAGE_SIZE + 1, 0, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(shm.get(IPC_PRIVATE, 0, IPC_CREAT, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    const other = shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ROOT_CREDENTIALS);
    expect(other).not.toBe(id);
    expect(shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ROOT_CREDENTIALS)).not.toBe(other);
  });

  it('checks the permission bits of an existing segment for other users (EACCES), never for root', () => {
    const { shm } = setup();
    const id = shm.get(7, PAGE_SIZE, IPC_CREAT | 0o640, ALICE);
    expect(shm.get(7, PAGE_SIZE, 0o600, ALICE)).toBe(id);
    expect(shm.get(7, PAGE_SIZE, 0o400, BOB)).toBe(-Errno.EACCES);
    expect(shm.get(7, PAGE_SIZE, 0o040, { ...BOB, groups: [1000] })).toBe(id);
    expect(shm.get(7, PAGE_SIZE, 0o020, { ...BOB, groups: [1000] })).toBe(-Errno.EACCES);
    expect(shm.get(7, PAGE_SIZE, 0o666, ROOT_CREDENTIALS)).toBe(id);
  });

  it('makes the segment one contiguous run of pages (EFBIG past the largest buddy block)', () => {
    const { shm, mmap } = setup();
    const free = mmap.allocator.freePages;
    expect(shm.get(IPC_PRIVATE, 3 * PAGE_SIZE, 0o600, ROOT_CREDENTIALS)).toBeGreaterThanOrEqual(0);
    expect(mmap.allocator.freePages).toBe(free - 3);
    expect(shm.get(IPC_PRIVATE, 5 * 1024 * 1024, 0o600, ROOT_CREDENTIALS)).toBe(-Errno.EFBIG);
  });
});

describe('shmat and shmdt', () => {
  it('attaches a segment at the same physical address in every process, shared both ways', () => {
    const { shm, mmap, clock, first, second, attach, stat } = setup();
    const id = shm.get(0x1234, 2 * PAGE_SIZE, IPC_CREAT | 0o600, ROOT_CREDENTIALS);
    clock.seconds += 5;
    const addr = attach(first, id);
    expect(addr).toBeGreaterThan(0);
    expect(attach(second, id)).toBe(addr);
    mmap.physical.write32(addr + PAGE_SIZE, 0xcafe);
    expect(mmap.physical.read32(addr + PAGE_SIZE)).toBe(0xcafe);
    expect(first.find(addr)!.flags & (VM_SHARED | VM_WRITE)).toBe(VM_SHARED | VM_WRITE);
    const segment = stat(id);
    expect(segment.nattch).toBe(2);
    expect(segment.atime).toBe(clock.seconds);
    expect(segment.lpid).toBe(42);
    expect(formatAreas(first)).toMatch(new RegExp(` ${id} +/SYSV00001234 \\(deleted\\)\\n`));
  });

  it('maps read-only with SHM_RDONLY, and refuses ids, addresses and flags as do_shmat does on no-MMU', () => {
    const { shm, root, first, attach } = setup();
    const id = shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ROOT_CREDENTIALS);
    const addr = attach(first, id, SHM_RDONLY);
    expect(first.find(addr)!.flags & VM_WRITE).toBe(0);
    expect(attach(first, id + 1)).toBe(-Errno.EINVAL);
    expect(attach(first, -1)).toBe(-Errno.EINVAL);
    expect(shm.attach(first, root, id, addr, 0, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(shm.attach(first, root, id, addr + 1, SHM_RND, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(shm.attach(first, root, id, 0, SHM_REMAP, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(attach(first, shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ALICE), 0, BOB)).toBe(-Errno.EACCES);
  });

  it('detaches only at the exact start of an attached segment and records the detach', () => {
    const { shm, mmap, clock, first, attach, stat } = setup();
    const id = shm.get(IPC_PRIVATE, 2 * PAGE_SIZE, 0o600, ROOT_CREDENTIALS);
    const addr = attach(first, id);
    const anonymous = mmap.doMmap(first, null, PAGE_SIZE, 3, 0x22, 0);
    expect(shm.detach(first, anonymous)).toBe(-Errno.EINVAL);
    expect(shm.detach(first, addr + PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(shm.detach(first, addr + 4)).toBe(-Errno.EINVAL);
    clock.seconds += 3;
    clock.pid = 43;
    expect(shm.detach(first, addr)).toBe(0);
    expect(first.find(addr)).toBeUndefined();
    expect(stat(id)).toMatchObject({ nattch: 0, dtime: clock.seconds, lpid: 43 });
    expect(shm.detach(first, addr)).toBe(-Errno.EINVAL);
  });
});

describe('shmctl', () => {
  it('IPC_RMID frees the key at once and the pages when the last process detaches, by shmdt or exit', () => {
    const { shm, mmap, first, second, attach, stat } = setup();
    const free = mmap.allocator.freePages;
    const id = shm.get(99, 2 * PAGE_SIZE, IPC_CREAT | 0o600, ROOT_CREDENTIALS);
    const addr = attach(first, id);
    attach(second, id);
    expect(shm.remove(id, ROOT_CREDENTIALS)).toBe(0);
    expect(stat(id).mode & SHM_DEST).toBe(SHM_DEST);
    expect(stat(id).key).toBe(IPC_PRIVATE);
    expect(shm.get(99, PAGE_SIZE, 0, ROOT_CREDENTIALS)).toBe(-Errno.ENOENT);
    // Linux lets a process still attach a removed segment by its id.
    const third = new MemoryMap(mmap.physical);
    expect(attach(third, id)).toBe(addr);
    expect(shm.detach(first, addr)).toBe(0);
    mmap.exitMmap(second);
    expect(stat(id).nattch).toBe(1);
    expect(mmap.allocator.freePages).toBe(free - 2);
    mmap.exitMmap(third);
    expect(shm.stat(id, false, false, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(mmap.allocator.freePages).toBe(free);
  });

  it('IPC_RMID of an unattached segment destroys it and gives its pages back', () => {
    const { shm, mmap } = setup();
    const free = mmap.allocator.freePages;
    const id = shm.get(IPC_PRIVATE, 3 * PAGE_SIZE, 0o600, ROOT_CREDENTIALS);
    expect(shm.remove(id, ROOT_CREDENTIALS)).toBe(0);
    expect(mmap.allocator.freePages).toBe(free);
    expect(shm.stat(id, false, false, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
    expect(shm.remove(id, ROOT_CREDENTIALS)).toBe(-Errno.EINVAL);
  });

  it('IPC_SET changes owner, group and permission bits for the owner or creator only (EPERM)', () => {
    const { shm, clock, stat } = setup();
    const id = shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ALICE);
    clock.seconds += 9;
    expect(shm.set(id, { uid: 5, gid: 6, mode: 0o7644 }, BOB)).toBe(-Errno.EPERM);
    expect(shm.remove(id, BOB)).toBe(-Errno.EPERM);
    expect(shm.set(id, { uid: 5, gid: 6, mode: 0o7644 }, ALICE)).toBe(0);
    expect(stat(id)).toMatchObject({ uid: 5, gid: 6, mode: 0o644, cuid: 1000, cgid: 1000, ctime: clock.seconds });
    expect(shm.stat(id, false, false, { uid: 7, gid: 7, groups: [] })).not.toBeTypeOf('number');
  });

  it('IPC_STAT needs read permission; SHM_STAT looks up by slot; the highest slot and totals are counted', () => {
    const { shm } = setup();
    const hidden = shm.get(IPC_PRIVATE, 2 * PAGE_SIZE, 0o600, ALICE);
    expect(shm.stat(hidden, false, false, BOB)).toBe(-Errno.EACCES);
    expect(shm.stat(hidden, false, true, BOB)).not.toBeTypeOf('number');
    const second = shm.get(IPC_PRIVATE, PAGE_SIZE, 0o600, ALICE);
    expect(shm.stat(second % 32768, true, false, ALICE)).toMatchObject({ id: second });
    expect(shm.highestSlot).toBe(second % 32768);
    expect(shm.usage).toEqual({ usedIds: 2, totalPages: 3, residentPages: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PAGE_W } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { Kernel } from '../Kernel.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import type { MmapBacking } from '../mm/MmapBacking.js';
import { createRootFileSystem } from '../runProgram.js';
import { SYSCALLS } from '../syscalls/table.js';
import { Task } from '../Task.js';
import { FdTable } from '../vfs/FdTable.js';
import { mmapBackingOf } from '../vfs/fileMmap.js';
import { S_IFREG } from '../vfs/fileMode.js';
import { O_CREAT, O_NONBLOCK, O_RDWR } from '../vfs/openFlags.js';
import { POLLERR, POLLIN } from '../vfs/pollEvents.js';
import { type Blocked, isBlocked, type SyscallResult } from '../WaitQueue.js';
import { handleUserfault } from './handleUserfault.js';
import {
  UFFD_API,
  UFFD_API_FEATURES,
  UFFD_EVENT_PAGEFAULT,
  UFFD_FEATURE_EXACT_ADDRESS,
  UFFD_FEATURE_SIGBUS,
  UFFD_FEATURE_THREAD_ID,
  UFFD_PAGEFAULT_FLAG_WRITE,
  UFFD_USER_MODE_ONLY,
  UFFDIO_API,
  UFFDIO_COPY,
  UFFDIO_COPY_MODE_DONTWAKE,
  UFFDIO_REGISTER,
  UFFDIO_REGISTER_MODE_MISSING,
  UFFDIO_UNREGISTER,
  UFFDIO_WAKE,
  UFFDIO_ZEROPAGE,
} from './uapi.js';

const SYS = { ioctl: 29, close: 57, read: 63, munmap: 215, userfaultfd: 282 } as const;
const PAGES = 8;

/**
 * A kernel with one process: an anonymous mapping of PAGES pages at `area` (what gets registered) and a scratch
 * mapping at `scratch` for the ioctl structures, read buffers and copy sources.
 */
function machine() {
  const kernel = new Kernel({ framebuffer: null, log: () => {} });
  createRootFileSystem(kernel.vfs);
  const pid = kernel.allocatePid();
  const mm = new MemoryMap(kernel.physical);
  const task = new Task(pid, pid, null, mm, new FdTable(), kernel.vfs.newFsContext(), 'test');
  const map = (pages: number) => kernel.mmap.doMmap(mm, null, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
  const area = map(PAGES);
  const scratch = map(4);
  mm.activate();
  kernel.addTask(task);
  const call = (nr: number, ...args: number[]): SyscallResult => {
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = args.map((value) => value | 0);
    return SYSCALLS[nr]({ kernel, task, mem: kernel.mem }, a0, a1, a2, a3, a4, a5);
  };
  /** Writes __u64 fields at the start of the scratch page. */
  const fields = (...values: number[]): number => {
    values.forEach((value, i) => kernel.mem.write64(scratch + 8 * i, value));
    return scratch;
  };
  /** A __u64 field of the structure (or, `signed`, an __s64 such as the count UFFDIO_COPY writes back). */
  const field = (index: number, signed = false): number => {
    const low = kernel.mem.read32(scratch + 8 * index)! >>> 0;
    const high = kernel.mem.read32(scratch + 8 * index + 4)!;
    return (signed ? high : high >>> 0) * 2 ** 32 + low;
  };
  const ioctl = (fd: number, request: number, ...values: number[]) => call(SYS.ioctl, fd, request, fields(...values));
  /** A userfaultfd past UFFDIO_API, with `features`. */
  const open = (flags = O_NONBLOCK, features = 0): number => {
    const fd = call(SYS.userfaultfd, flags) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(ioctl(fd, UFFDIO_API, UFFD_API, features, 0)).toBe(0);
    return fd;
  };
  const register = (fd: number, start = area, len = PAGES * PAGE_SIZE) => ioctl(fd, UFFDIO_REGISTER, start, len, UFFDIO_REGISTER_MODE_MISSING, 0);
  const writable = (addr: number): boolean => (kernel.physical.userMap[addr >>> 12] & PAGE_W) !== 0;
  /** The thread touches `addr` and, as the trap handler would, waits on the userfaultfd. */
  const fault = (addr: number, write = false, who = task): Blocked => {
    const outcome = handleUserfault(who, addr, write);
    if (!outcome || outcome === 'sigbus') throw new Error(`expected the fault to wait, got ${outcome}`);
    who.state = 'blocked';
    who.blocked = outcome;
    return outcome;
  };
  const woken = (blocked: Blocked): (() => boolean) => {
    let was = false;
    blocked.queues[0].subscribe(() => (was = true));
    return () => was;
  };
  /** read() of messages into the scratch page at offset 512; the decoded messages or the result. */
  const read = (fd: number, count = 64): SyscallResult | { event: number; flags: number; address: number; ptid: number }[] => {
    const result = call(SYS.read, fd, scratch + 512, count);
    if (isBlocked(result) || result < 0) return result;
    const bytes = kernel.mem.copyIn(scratch + 512, result) as Uint8Array;
    const view = new DataView(bytes.buffer);
    const messages = [];
    for (let at = 0; at < result; at += 32) {
      messages.push({ event: bytes[at], flags: view.getUint32(at + 8, true), address: view.getUint32(at + 16, true), ptid: view.getUint32(at + 24, true) });
    }
    return messages;
  };
  return { kernel, mm, task, area, scratch, call, ioctl, field, open, register, writable, fault, woken, read };
}

describe('userfaultfd(2) and UFFDIO_API', () => {
  it('refuses unknown flags, and every ioctl but UFFDIO_API and every read before the API is agreed', () => {
    const { call, ioctl, read } = machine();
    expect(call(SYS.userfaultfd, 0x10)).toBe(-Errno.EINVAL);
    const fd = call(SYS.userfaultfd, O_NONBLOCK) as number;
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(ioctl(fd, UFFDIO_REGISTER, 0, PAGE_SIZE, UFFDIO_REGISTER_MODE_MISSING, 0)).toBe(-Errno.EINVAL);
    expect(read(fd)).toBe(-Errno.EINVAL);
  });

  it('answers with the features and ioctls; a bad API or feature, or a second UFFDIO_API, is EINVAL and zeroes the structure', () => {
    const { call, ioctl, field } = machine();
    const fd = call(SYS.userfaultfd, 0) as number;
    expect(ioctl(fd, UFFDIO_API, 0xab, 0, 0)).toBe(-Errno.EINVAL);
    expect([field(0), field(1), field(2)]).toEqual([0, 0, 0]);
    expect(ioctl(fd, UFFDIO_API, UFFD_API, 1 << 0, 0)).toBe(-Errno.EINVAL); // UFFD_FEATURE_PAGEFAULT_FLAG_WP
    expect(ioctl(fd, UFFDIO_API, UFFD_API, 2 ** 40, 0)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_API, UFFD_API, UFFD_FEATURE_THREAD_ID, 0)).toBe(0);
    expect(field(0)).toBe(UFFD_API);
    expect(field(1)).toBe(UFFD_API_FEATURES);
    expect(field(2)).toBe(2 ** 63 + 3); // _UFFDIO_API, _UFFDIO_UNREGISTER, _UFFDIO_REGISTER
    expect(ioctl(fd, UFFDIO_API, UFFD_API, 0, 0)).toBe(-Errno.EINVAL);
    expect(field(0)).toBe(0);
  });
});

describe('UFFDIO_REGISTER and UFFDIO_UNREGISTER', () => {
  it('validate the mode and the range as Linux does', () => {
    const { open, ioctl, register, area } = machine();
    const fd = open();
    expect(ioctl(fd, UFFDIO_REGISTER, area, PAGE_SIZE, 0, 0)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_REGISTER, area, PAGE_SIZE, 2, 0)).toBe(-Errno.EINVAL); // MODE_WP
    expect(register(fd, area + 8, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(register(fd, area, PAGE_SIZE + 8)).toBe(-Errno.EINVAL);
    expect(register(fd, area, 0)).toBe(-Errno.EINVAL);
    expect(register(fd, 0xffff_f000, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(register(fd, 2 ** 32, PAGE_SIZE)).toBe(-Errno.EINVAL);
    // No mapping at all in the range.
    expect(register(fd, 0x1000, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_UNREGISTER, 0x1000, PAGE_SIZE)).toBe(-Errno.EINVAL);
  });

  it('refuses a mapping that is neither anonymous nor shmem', () => {
    const { kernel, mm, open, register } = machine();
    const file: MmapBacking = {
      inode: {},
      fileType: S_IFREG,
      readable: true,
      writable: false,
      appendOnly: false,
      noexec: false,
      path: '/data',
      ino: 1,
      dev: 1,
      hold: () => {},
      release: () => {},
      readForCopy: (into) => into.length,
    };
    const copy = kernel.mmap.doMmap(mm, file, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 0);
    expect(copy).toBeGreaterThan(0);
    expect(register(open(), copy, PAGE_SIZE)).toBe(-Errno.EINVAL);
  });

  it('accepts shmem: a ramfs file mapped shared, whose second mapping is the same pages', () => {
    const { kernel, mm, task, call, open, register, writable } = machine();
    const file = kernel.vfs.open({ fs: task.fs, cred: kernel.credentials(task), base: task.fs.root }, '/shared', O_RDWR | O_CREAT, 0o600);
    if (typeof file === 'number') throw new Error(`open: errno ${-file}`);
    expect(file.write(new Uint8Array(2 * PAGE_SIZE))).toBe(2 * PAGE_SIZE);
    const backing = mmapBackingOf(kernel.vfs, file, task.fs.root);
    if (typeof backing === 'number') throw new Error(`mmap backing: errno ${-backing}`);
    const mapShared = () => kernel.mmap.doMmap(mm, backing, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
    const first = mapShared();
    const second = mapShared();
    expect(second).toBe(first);
    expect(register(open(), first, 2 * PAGE_SIZE)).toBe(0);
    expect(writable(first)).toBe(false);
    expect(call(SYS.munmap, second, 2 * PAGE_SIZE)).toBe(0);
    expect(mm.userfaultOf(first)?.missing).toBe(true);
    expect(call(SYS.munmap, first, 2 * PAGE_SIZE)).toBe(0);
    expect(mm.userfaultOf(first)).toBeUndefined();
  });

  it('reports the range ioctls, withholds the untouched pages, and keeps pages already written', () => {
    const { kernel, open, register, field, writable, area } = machine();
    kernel.mem.write32(area + PAGE_SIZE, 42);
    expect(register(open())).toBe(0);
    expect(field(3)).toBe((1 << 2) | (1 << 3) | (1 << 4)); // WAKE, COPY, ZEROPAGE
    expect(writable(area)).toBe(false);
    expect(writable(area + PAGE_SIZE)).toBe(true);
    expect(kernel.mem.read32(area + PAGE_SIZE)).toBe(42);
    expect(handleUserfault(kernel.tasks.values().next().value!, area + PAGE_SIZE, true)).toBeNull();
  });

  it('lets one userfaultfd own a page: EBUSY to register and EINVAL to unregister through another', () => {
    const { open, register, ioctl, area } = machine();
    const first = open();
    const second = open();
    expect(register(first, area, 2 * PAGE_SIZE)).toBe(0);
    expect(register(first, area, 4 * PAGE_SIZE)).toBe(0);
    expect(register(second, area + PAGE_SIZE, PAGE_SIZE)).toBe(-Errno.EBUSY);
    expect(ioctl(second, UFFDIO_UNREGISTER, area, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(register(second, area + 4 * PAGE_SIZE, PAGE_SIZE)).toBe(0);
  });

  it('unregistering wakes the threads waiting there and makes the missing pages plain memory', () => {
    const { open, register, ioctl, fault, woken, writable, area } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    const isWoken = woken(fault(area + 3 * PAGE_SIZE + 4));
    expect(ioctl(fd, UFFDIO_UNREGISTER, area, 2 * PAGE_SIZE)).toBe(0);
    expect(isWoken()).toBe(false);
    expect(writable(area)).toBe(true);
    expect(ioctl(fd, UFFDIO_UNREGISTER, area + 2 * PAGE_SIZE, 2 * PAGE_SIZE)).toBe(0);
    expect(isWoken()).toBe(true);
    expect(writable(area + 3 * PAGE_SIZE)).toBe(true);
    expect(writable(area + 4 * PAGE_SIZE)).toBe(false);
  });
});

describe('faults, read() and poll', () => {
  it('queues one message per faulting thread and hands them out oldest first, whole messages only', () => {
    const { kernel, open, register, fault, read, area, task } = machine();
    const fd = open(O_NONBLOCK);
    expect(register(fd)).toBe(0);
    expect(read(fd)).toBe(-Errno.EAGAIN);
    fault(area + PAGE_SIZE + 12, true);
    const other = new Task(kernel.allocatePid(), task.tgid, task.parent, task.mm, task.files, task.fs, 'other');
    fault(area + 2 * PAGE_SIZE, false, other);
    expect(read(fd, 31)).toBe(-Errno.EINVAL);
    expect(read(fd, 40)).toEqual([{ event: UFFD_EVENT_PAGEFAULT, flags: UFFD_PAGEFAULT_FLAG_WRITE, address: area + PAGE_SIZE, ptid: 0 }]);
    expect(read(fd)).toEqual([{ event: UFFD_EVENT_PAGEFAULT, flags: 0, address: area + 2 * PAGE_SIZE, ptid: 0 }]);
    expect(read(fd)).toBe(-Errno.EAGAIN);
  });

  it('gives the exact address and the thread id when those features were asked for', () => {
    const { open, register, fault, read, area, task } = machine();
    const fd = open(O_NONBLOCK, UFFD_FEATURE_EXACT_ADDRESS | UFFD_FEATURE_THREAD_ID);
    expect(register(fd)).toBe(0);
    fault(area + 5);
    expect(read(fd)).toEqual([{ event: UFFD_EVENT_PAGEFAULT, flags: 0, address: area + 5, ptid: task.tid }]);
  });

  it('raises SIGBUS instead of waiting with UFFD_FEATURE_SIGBUS', () => {
    const { open, register, area, task } = machine();
    expect(register(open(O_NONBLOCK, UFFD_FEATURE_SIGBUS))).toBe(0);
    expect(handleUserfault(task, area, false)).toBe('sigbus');
  });

  it('makes a system call wait only on a userfaultfd without UFFD_USER_MODE_ONLY or UFFD_FEATURE_SIGBUS', () => {
    const { open, register, area, task } = machine();
    expect(register(open(O_NONBLOCK | UFFD_USER_MODE_ONLY), area, PAGE_SIZE)).toBe(0);
    expect(register(open(O_NONBLOCK, UFFD_FEATURE_SIGBUS), area + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(register(open(O_NONBLOCK), area + 2 * PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(handleUserfault(task, area, true, true)).toBeNull();
    expect(handleUserfault(task, area, true)).not.toBeNull();
    expect(handleUserfault(task, area + PAGE_SIZE, true, true)).toBeNull();
    expect((handleUserfault(task, area + 2 * PAGE_SIZE, true, true) as Blocked).pageFault).toBe(true);
  });

  it('blocks a reader of a blocking userfaultfd until a fault comes', () => {
    const { open, register, fault, read, area } = machine();
    const fd = open(0);
    expect(register(fd)).toBe(0);
    const blocked = read(fd);
    expect(isBlocked(blocked as SyscallResult)).toBe(true);
    let readable = false;
    (blocked as Blocked).queues[0].subscribe(() => (readable = true));
    fault(area);
    expect(readable).toBe(true);
  });

  it('polls readable while a fault is unread, and EPOLLERR on a blocking userfaultfd', () => {
    const { open, register, fault, read, area, task } = machine();
    const poll = (fd: number) => task.files.get(fd)!.ops.poll!(task.files.get(fd)!).events;
    const fd = open(O_NONBLOCK);
    expect(register(fd)).toBe(0);
    expect(poll(fd)).toBe(0);
    fault(area);
    expect(poll(fd)).toBe(POLLIN);
    read(fd);
    expect(poll(fd)).toBe(0);
    expect(poll(open(0))).toBe(POLLERR);
  });
});

describe('UFFDIO_COPY, UFFDIO_ZEROPAGE and UFFDIO_WAKE', () => {
  it('copies a page in, opens it to the process and wakes the thread waiting on it', () => {
    const { kernel, open, register, ioctl, field, fault, woken, writable, area, scratch } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    const isWoken = woken(fault(area + 2 * PAGE_SIZE + 8, true));
    const source = scratch + PAGE_SIZE;
    kernel.mem.write32(source + 8, 0xdead_beef);
    expect(ioctl(fd, UFFDIO_COPY, area + 2 * PAGE_SIZE, source, PAGE_SIZE, 0, 0)).toBe(0);
    expect(field(4)).toBe(PAGE_SIZE);
    expect(isWoken()).toBe(true);
    expect(writable(area + 2 * PAGE_SIZE)).toBe(true);
    expect(kernel.mem.read32(area + 2 * PAGE_SIZE + 8)! >>> 0).toBe(0xdead_beef);
  });

  it('fails with EEXIST on a populated page, and reports a partial copy with EAGAIN', () => {
    const { open, register, ioctl, field, area, scratch } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    expect(ioctl(fd, UFFDIO_COPY, area + PAGE_SIZE, scratch + PAGE_SIZE, PAGE_SIZE, 0, 0)).toBe(0);
    expect(ioctl(fd, UFFDIO_COPY, area + PAGE_SIZE, scratch + PAGE_SIZE, PAGE_SIZE, 0, 0)).toBe(-Errno.EEXIST);
    expect(field(4, true)).toBe(-Errno.EEXIST);
    expect(ioctl(fd, UFFDIO_COPY, area, scratch + PAGE_SIZE, 2 * PAGE_SIZE, 0, 0)).toBe(-Errno.EAGAIN);
    expect(field(4)).toBe(PAGE_SIZE);
  });

  it('checks the mode, the destination and the source', () => {
    const { open, register, ioctl, area, scratch } = machine();
    const fd = open();
    expect(register(fd, area, 2 * PAGE_SIZE)).toBe(0);
    expect(ioctl(fd, UFFDIO_COPY, area, scratch, PAGE_SIZE, 4, 0)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_COPY, area + 8, scratch, PAGE_SIZE, 0, 0)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_COPY, area + 2 * PAGE_SIZE, scratch, PAGE_SIZE, 0, 0)).toBe(-Errno.ENOENT);
    expect(ioctl(fd, UFFDIO_COPY, area, scratch, PAGES * PAGE_SIZE + PAGE_SIZE, 0, 0)).toBe(-Errno.ENOENT);
    expect(ioctl(fd, UFFDIO_COPY, area, 0x1000, PAGE_SIZE, 0, 0)).toBe(-Errno.EFAULT);
    expect(ioctl(fd, UFFDIO_ZEROPAGE, area, PAGE_SIZE, 2, 0)).toBe(-Errno.EINVAL);
  });

  it('with DONTWAKE leaves the thread waiting until UFFDIO_WAKE; ZEROPAGE fills zeros', () => {
    const { kernel, open, register, ioctl, field, fault, woken, area, scratch } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    const copied = woken(fault(area));
    const zeroed = woken(fault(area + PAGE_SIZE));
    expect(ioctl(fd, UFFDIO_COPY, area, scratch, PAGE_SIZE, UFFDIO_COPY_MODE_DONTWAKE, 0)).toBe(0);
    expect(ioctl(fd, UFFDIO_ZEROPAGE, area + PAGE_SIZE, PAGE_SIZE, 1, 0)).toBe(0);
    expect(field(3)).toBe(PAGE_SIZE);
    expect(kernel.mem.read32(area + PAGE_SIZE + 100)).toBe(0);
    expect([copied(), zeroed()]).toEqual([false, false]);
    expect(ioctl(fd, UFFDIO_WAKE, area + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect([copied(), zeroed()]).toEqual([false, true]);
    expect(ioctl(fd, UFFDIO_WAKE, area, 0)).toBe(-Errno.EINVAL);
    expect(ioctl(fd, UFFDIO_WAKE, area, PAGE_SIZE)).toBe(0);
    expect(copied()).toBe(true);
  });
});

describe('release', () => {
  it('close wakes every waiting thread, read or not, and leaves the pages as plain memory', () => {
    const { call, open, register, fault, woken, read, writable, area } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    const first = woken(fault(area));
    const second = woken(fault(area + PAGE_SIZE));
    read(fd, 32);
    expect(call(SYS.close, fd)).toBe(0);
    expect([first(), second()]).toEqual([true, true]);
    expect(writable(area)).toBe(true);
    expect(writable(area + (PAGES - 1) * PAGE_SIZE)).toBe(true);
  });

  it('munmap ends the registration of the pages it removes', () => {
    const { call, open, register, ioctl, mm, area, scratch } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    expect(call(SYS.munmap, area + 6 * PAGE_SIZE, 2 * PAGE_SIZE)).toBe(0);
    expect(mm.userfaultOf(area + 6 * PAGE_SIZE)).toBeUndefined();
    expect(mm.userfaultOf(area + 5 * PAGE_SIZE)?.missing).toBe(true);
    expect(ioctl(fd, UFFDIO_COPY, area + 6 * PAGE_SIZE, scratch, PAGE_SIZE, 0, 0)).toBe(-Errno.ENOENT);
  });

  it('a signal ends the wait: the thread leaves the queues and will fault again', () => {
    const { open, register, fault, read, area } = machine();
    const fd = open();
    expect(register(fd)).toBe(0);
    const blocked = fault(area);
    expect(blocked.pageFault).toBe(true);
    blocked.cancel!();
    expect(read(fd)).toBe(-Errno.EAGAIN);
  });
});

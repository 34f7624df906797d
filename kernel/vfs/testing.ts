import { PAGE_R, PAGE_W, PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import { Kernel } from '../Kernel.js';
import type { SyscallContext, SyscallTable } from '../syscalls/types.js';
import type { Task } from '../Task.js';
import { UserMemory } from '../UserMemory.js';
import { type Blocked, isBlocked, type SyscallResult } from '../WaitQueue.js';
import { bytesToName, nameToBytes } from './bytes.js';
import { type Credentials, ROOT_CREDENTIALS } from './Credentials.js';
import { FdTable } from './FdTable.js';
import type { GuestPages } from './ramfs/FileData.js';
import type { FsContext } from './FsContext.js';
import type { Timespec } from './Timespec.js';
import { type Lookup, Vfs } from './Vfs.js';

/** Test helpers: a VFS with a ramfs root and a clock tests can move, and syscall calls over real user memory. */

export const USER_BASE = 0x8000_0000;
export const USER_SIZE = 1 << 20;

export class TestClock {
  sec = 1_700_000_000;
  nsec = 0;
  readonly read = (): Timespec => ({ sec: this.sec, nsec: this.nsec });
}

/** `memory` is where ram files keep their pages (default: 16 MiB of the VFS's own). */
export function createTestVfs(clock = new TestClock(), memory?: GuestPages): Vfs {
  const vfs = new Vfs({ clock: clock.read, memoryBytes: memory ? undefined : 16 * 1024 * 1024, memory });
  vfs.mountRoot();
  return vfs;
}

export function lookupFor(fs: FsContext, cred: Credentials = ROOT_CREDENTIALS): Lookup {
  return { fs, cred, base: fs.cwd };
}

/** A task, its kernel and 1 MiB of user memory, for driving syscall handlers directly. */
export class SyscallHarness {
  readonly physical = new PhysicalMemory(USER_SIZE);
  readonly mem = new UserMemory(this.physical);
  readonly clock = new TestClock();
  /** The kernel's clock (Kernel.sinceBoot, ms), which timed waits' deadlines are on: tests move it. */
  uptime = 0;
  readonly vfs: Vfs;
  readonly task: { files: FdTable; fs: FsContext; tgid: number; tid: number; pid: number };
  readonly ctx: SyscallContext;
  cred: Credentials = ROOT_CREDENTIALS;
  private next = USER_BASE;

  constructor(private readonly table: SyscallTable) {
    this.physical.addRam('ram', USER_BASE, USER_SIZE);
    this.physical.setUserAccess(USER_BASE, USER_SIZE, PAGE_R | PAGE_W);
    this.vfs = createTestVfs(this.clock);
    this.task = { files: new FdTable(), fs: this.vfs.newFsContext(), tgid: 1, tid: 1, pid: 1 };
    const kernel = {
      vfs: this.vfs,
      credentials: () => this.cred,
      sinceBoot: () => this.uptime,
      deadlineAfter: Kernel.prototype.deadlineAfter,
      timeLeft: Kernel.prototype.timeLeft,
    };
    this.ctx = { kernel: kernel as unknown as Kernel, task: this.task as unknown as Task, mem: this.mem };
  }

  /** Calls syscall `nr` with up to six arguments. */
  call(nr: number, ...args: number[]): SyscallResult {
    const handler = this.table[nr];
    if (!handler) throw new Error(`no handler for syscall ${nr}`);
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = args.map((value) => value | 0);
    return handler(this.ctx, a0, a1, a2, a3, a4, a5);
  }

  /** Calls syscall `nr` expecting it to complete without blocking. */
  run(nr: number, ...args: number[]): number {
    const result = this.call(nr, ...args);
    if (isBlocked(result)) throw new Error(`syscall ${nr} blocked`);
    return result;
  }

  /** Calls syscall `nr` expecting it to block. */
  blocks(nr: number, ...args: number[]): Blocked {
    const result = this.call(nr, ...args);
    if (!isBlocked(result)) throw new Error(`syscall ${nr} returned ${result} instead of blocking`);
    return result;
  }

  /** Reserves `size` bytes of user memory (8-byte aligned), zeroed. */
  alloc(size: number): number {
    const addr = this.next;
    this.next += Math.ceil(size / 8) * 8;
    if (this.next > USER_BASE + USER_SIZE) throw new Error('test user memory exhausted');
    this.physical.load(addr, new Uint8Array(size));
    return addr;
  }

  /** A NUL-terminated copy of `text` (a byte string) in user memory. */
  string(text: string): number {
    const addr = this.alloc(text.length + 1);
    this.physical.load(addr, nameToBytes(`${text}\0`));
    return addr;
  }

  bytes(data: Uint8Array | string): number {
    const bytes = typeof data === 'string' ? nameToBytes(data) : data;
    const addr = this.alloc(bytes.length);
    this.physical.load(addr, bytes);
    return addr;
  }

  read(addr: number, length: number): Uint8Array {
    const view = this.mem.view(addr, length);
    if (typeof view === 'number') throw new Error('unreadable test memory');
    return view.slice();
  }

  readText(addr: number, length: number): string {
    return bytesToName(this.read(addr, length));
  }

  word(addr: number): number {
    return this.mem.read32(addr)!;
  }
}

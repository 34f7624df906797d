import { Errno } from './errno.js';
import { VM_IO, VM_PFNMAP, VM_READ } from './mm/constants.js';
import type { MemoryMap } from './mm/MemoryMap.js';
import type { Task } from './Task.js';
import type { UserMemory } from './UserMemory.js';
import { block, type SyscallResult, WaitQueue } from './WaitQueue.js';

const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_REQUEUE = 3;
const FUTEX_CMP_REQUEUE = 4;
const FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAKE_BITSET = 10;
const FUTEX_PRIVATE_FLAG = 128;
const FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = -1;

interface Waiter {
  task: Task;
  bitset: number;
  queue: WaitQueue;
  woken: boolean;
}

/**
 * Fast user-space mutexes (kernel/futex). Without an MMU a futex word is identified by its address alone: one
 * physical address space, so a shared futex needs no inode/offset key; private futexes are also keyed by the
 * address space, as Linux keys them by mm. The word must lie in a readable mapping of the caller (EFAULT
 * otherwise), which is the no-MMU form of Linux's address validation; a shared futex also needs RAM, since Linux
 * finds its page with get_user_pages, which refuses device memory (VM_IO, VM_PFNMAP: a framebuffer mapping).
 */
export class Futex {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly mmIds = new WeakMap<MemoryMap, number>();
  private nextMmId = 1;

  /** `now` is the kernel's clock, which timed waits' deadlines are on. */
  constructor(
    private readonly mem: UserMemory,
    private readonly now: () => number,
  ) {}

  call(task: Task, uaddr: number, op: number, val: number, timeout: number, uaddr2: number, val3: number, readTimeout: (addr: number, absolute: boolean) => number | undefined): SyscallResult {
    const command = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    const isPrivate = (op & FUTEX_PRIVATE_FLAG) !== 0;
    if (op & FUTEX_CLOCK_REALTIME && command !== FUTEX_WAIT_BITSET && command !== FUTEX_WAIT) return -Errno.ENOSYS;
    uaddr >>>= 0;
    if (uaddr & 3) return -Errno.EINVAL;
    if (!this.validAddress(task, uaddr, isPrivate)) return -Errno.EFAULT;
    const key = this.key(task.mm, uaddr, isPrivate);
    switch (command) {
      case FUTEX_WAIT:
      case FUTEX_WAIT_BITSET: {
        const bitset = command === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
        if (bitset === 0) return -Errno.EINVAL;
        let deadline: number | undefined;
        if (timeout !== 0) {
          // FUTEX_WAIT takes a relative timeout, FUTEX_WAIT_BITSET an absolute one.
          const delayMs = readTimeout(timeout >>> 0, command === FUTEX_WAIT_BITSET);
          if (delayMs === undefined) return -Errno.EFAULT;
          if (Number.isNaN(delayMs)) return -Errno.EINVAL;
          deadline = this.now() + Math.max(0, delayMs);
        }
        return this.wait(task, key, uaddr, val, bitset, deadline);
      }
      case FUTEX_WAKE:
      case FUTEX_WAKE_BITSET: {
        const bitset = command === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
        if (bitset === 0) return -Errno.EINVAL;
        return this.wake(key, atLeastOne(val), bitset);
      }
      case FUTEX_REQUEUE:
      case FUTEX_CMP_REQUEUE: {
        // futex_requeue checks the counts before it looks at either word.
        if (val < 0 || timeout < 0) return -Errno.EINVAL;
        uaddr2 >>>= 0;
        if (uaddr2 & 3) return -Errno.EINVAL;
        if (!this.validAddress(task, uaddr2, isPrivate)) return -Errno.EFAULT;
        if (command === FUTEX_CMP_REQUEUE) {
          const current = this.mem.read32(uaddr);
          if (current === undefined) return -Errno.EFAULT;
          if (current !== val3) return -Errno.EAGAIN;
        }
        const woken = this.wake(key, val, FUTEX_BITSET_MATCH_ANY);
        return woken + this.requeue(key, this.key(task.mm, uaddr2, isPrivate), timeout);
      }
      case FUTEX_WAKE_OP: {
        uaddr2 >>>= 0;
        if (uaddr2 & 3) return -Errno.EINVAL;
        if (!this.validAddress(task, uaddr2, isPrivate)) return -Errno.EFAULT;
        const old = this.mem.read32(uaddr2);
        if (old === undefined) return -Errno.EFAULT;
        const result = applyWakeOp(old, val3);
        if (result === undefined) return -Errno.ENOSYS;
        if (this.mem.write32(uaddr2, result.value) < 0) return -Errno.EFAULT;
        let woken = this.wake(key, atLeastOne(val), FUTEX_BITSET_MATCH_ANY);
        if (result.condition) woken += this.wake(this.key(task.mm, uaddr2, isPrivate), atLeastOne(timeout), FUTEX_BITSET_MATCH_ANY);
        return woken;
      }
      default:
        return -Errno.ENOSYS;
    }
  }

  /** Wakes one waiter of a shared-or-private futex at `uaddr` in `mm` (CLONE_CHILD_CLEARTID at exit or exec). */
  wakeOnExit(mm: MemoryMap, uaddr: number): void {
    this.wake(this.key(mm, uaddr >>> 0, false), 1, FUTEX_BITSET_MATCH_ANY);
    this.wake(this.key(mm, uaddr >>> 0, true), 1, FUTEX_BITSET_MATCH_ANY);
  }

  private wait(task: Task, key: string, uaddr: number, expected: number, bitset: number, deadline: number | undefined): SyscallResult {
    const current = this.mem.read32(uaddr);
    if (current === undefined) return -Errno.EFAULT;
    if (current !== expected) return -Errno.EAGAIN;
    const waiter: Waiter = { task, bitset, queue: new WaitQueue('futex'), woken: false };
    this.list(key).push(waiter);
    const giveUp = (errno: Errno) => {
      this.remove(waiter);
      return -errno;
    };
    const options = { deadline, onTimeout: () => giveUp(Errno.ETIMEDOUT), cancel: () => this.remove(waiter) };
    const resume = (): SyscallResult => (waiter.woken ? 0 : block(waiter.queue, resume, options));
    return block(waiter.queue, resume, options);
  }

  private wake(key: string, count: number, bitset: number): number {
    const list = this.waiters.get(key);
    if (!list) return 0;
    let woken = 0;
    for (const waiter of [...list]) {
      if (woken >= count) break;
      if ((waiter.bitset & bitset) === 0) continue;
      waiter.woken = true;
      this.remove(waiter);
      waiter.queue.wakeAll();
      woken++;
    }
    return woken;
  }

  private requeue(from: string, to: string, count: number): number {
    const list = this.waiters.get(from);
    if (!list) return 0;
    const moved = list.splice(0, count);
    if (list.length === 0) this.waiters.delete(from);
    if (moved.length > 0) this.list(to).push(...moved);
    return moved.length;
  }

  private remove(waiter: Waiter): void {
    for (const [key, list] of this.waiters) {
      const index = list.indexOf(waiter);
      if (index < 0) continue;
      list.splice(index, 1);
      if (list.length === 0) this.waiters.delete(key);
      return;
    }
  }

  private list(key: string): Waiter[] {
    let list = this.waiters.get(key);
    if (!list) {
      list = [];
      this.waiters.set(key, list);
    }
    return list;
  }

  private key(mm: MemoryMap, uaddr: number, isPrivate: boolean): string {
    if (!isPrivate) return String(uaddr);
    let id = this.mmIds.get(mm);
    if (id === undefined) {
      id = this.nextMmId++;
      this.mmIds.set(mm, id);
    }
    return `${id}:${uaddr}`;
  }

  private validAddress(task: Task, uaddr: number, isPrivate: boolean): boolean {
    const area = task.mm.find(uaddr);
    if (area === undefined || !(area.flags & VM_READ) || uaddr + 4 > area.end) return false;
    return isPrivate || !(area.flags & (VM_IO | VM_PFNMAP));
  }
}

/** futex_wake counts a waiter before it compares with the limit, so a limit of 0 or less still wakes one. */
function atLeastOne(count: number): number {
  return Math.max(count, 1);
}

/** FUTEX_WAKE_OP's encoded operation on the second word, and whether to wake its waiters. */
function applyWakeOp(old: number, encoded: number): { value: number; condition: boolean } | undefined {
  const op = (encoded >>> 28) & 7;
  const shift = (encoded >>> 28) & 8;
  const cmp = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  if (shift) oparg = 1 << (oparg & 31);
  let value: number;
  switch (op) {
    case 0: value = oparg; break;
    case 1: value = (old + oparg) | 0; break;
    case 2: value = old | oparg; break;
    case 3: value = old & ~oparg; break;
    case 4: value = old ^ oparg; break;
    default: return undefined;
  }
  let condition: boolean;
  switch (cmp) {
    case 0: condition = old === cmparg; break;
    case 1: condition = old !== cmparg; break;
    case 2: condition = old < cmparg; break;
    case 3: condition = old <= cmparg; break;
    case 4: condition = old > cmparg; break;
    case 5: condition = old >= cmparg; break;
    default: return undefined;
  }
  return { value, condition };
}

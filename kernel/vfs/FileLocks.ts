import { WaitQueue } from '../WaitQueue.js';
import type { Inode } from './Inode.js';

export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;

/** A byte-range lock (Linux's file_lock for POSIX and OFD locks). `end` is inclusive; Infinity runs to the end. */
export interface FileLock {
  readonly type: typeof F_RDLCK | typeof F_WRLCK;
  readonly start: number;
  readonly end: number;
  /** Who holds it: the descriptor table for POSIX locks (current->files, as in Linux), the open file for OFD ones. */
  readonly owner: object;
  /** The pid F_GETLK reports (-1 for OFD locks). */
  readonly pid: number;
}

interface InodeLocks {
  locks: FileLock[];
  readonly queue: WaitQueue;
}

/**
 * Advisory record locks (fcntl F_SETLK and friends, POSIX and open-file-description flavours) by inode.
 * Two locks conflict when their ranges overlap, their owners differ and one of them is a write lock.
 */
export class FileLocks {
  private readonly byInode = new WeakMap<Inode, InodeLocks>();
  /** Which owner each blocked POSIX owner waits for, to refuse waits that would deadlock (EDEADLK). */
  private readonly waitingFor = new WeakMap<object, object>();

  /** The first lock of another owner that stands in the way of `wanted`. */
  conflict(inode: Inode, wanted: FileLock): FileLock | undefined {
    return this.byInode.get(inode)?.locks.find(
      (held) =>
        held.owner !== wanted.owner &&
        (held.type === F_WRLCK || wanted.type === F_WRLCK) &&
        held.start <= wanted.end &&
        wanted.start <= held.end,
    );
  }

  /** Woken whenever locks on the inode are released. */
  queue(inode: Inode): WaitQueue {
    return this.entry(inode).queue;
  }

  /**
   * Whether waiting for `blocker` would close a cycle of POSIX owners waiting for each other; if not, records
   * that `owner` now waits for it.
   */
  wouldDeadlock(owner: object, blocker: object): boolean {
    for (let o: object | undefined = blocker, steps = 0; o && steps < 1024; o = this.waitingFor.get(o), steps++) {
      if (o === owner) return true;
    }
    this.waitingFor.set(owner, blocker);
    return false;
  }

  /**
   * Sets `range` of the owner's locks to `type` (F_UNLCK removes them): the owner's locks in the range are
   * replaced, split where they stick out, and merged with touching locks of the same type.
   */
  apply(inode: Inode, owner: object, pid: number, type: number, start: number, end: number): void {
    this.waitingFor.delete(owner);
    const entry = this.entry(inode);
    const kept: FileLock[] = [];
    let merged: FileLock | null = type === F_UNLCK ? null : { type: type as typeof F_RDLCK | typeof F_WRLCK, start, end, owner, pid };
    for (const held of entry.locks) {
      if (held.owner !== owner || held.end < start - 1 || held.start > end + 1) {
        kept.push(held);
        continue;
      }
      if (merged && held.type === merged.type) {
        merged = { ...merged, start: Math.min(merged.start, held.start), end: Math.max(merged.end, held.end) };
        continue;
      }
      // Parts of a lock of the other type (or being unlocked) outside the range survive.
      if (held.start < start) kept.push({ ...held, end: start - 1 });
      if (held.end > end) kept.push({ ...held, start: end + 1 });
    }
    if (merged) kept.push(merged);
    entry.locks = kept.sort((a, b) => a.start - b.start);
    entry.queue.wakeAll();
  }

  /** Drops every lock `owner` holds on the inode (a POSIX owner closing a descriptor, an OFD's last close). */
  release(inode: Inode, owner: object): void {
    this.waitingFor.delete(owner);
    const entry = this.byInode.get(inode);
    if (!entry || !entry.locks.some((held) => held.owner === owner)) return;
    entry.locks = entry.locks.filter((held) => held.owner !== owner);
    entry.queue.wakeAll();
  }

  private entry(inode: Inode): InodeLocks {
    let entry = this.byInode.get(inode);
    if (!entry) {
      entry = { locks: [], queue: new WaitQueue('file lock') };
      this.byInode.set(inode, entry);
    }
    return entry;
  }
}

/** The locks of every inode: Linux hangs them off the inode; here a weak map by inode does the same. */
export const fileLocks = new FileLocks();

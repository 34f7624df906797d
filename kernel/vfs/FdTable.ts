import { Errno } from '../errno.js';
import { fileLocks } from './FileLocks.js';
import type { OpenFile } from './OpenFile.js';

/** RLIMIT_NOFILE's default soft limit. */
export const DEFAULT_FD_LIMIT = 1024;

interface Slot {
  readonly file: OpenFile;
  closeOnExec: boolean;
}

/**
 * A process's file descriptors (Linux's files_struct): numbers to open file descriptions plus the per-descriptor
 * close-on-exec flag. New descriptors take the lowest free number. Threads made with CLONE_FILES share one table
 * (share()); fork copies it (clone()), the copies sharing the open file descriptions.
 */
export class FdTable {
  /** The RLIMIT_NOFILE soft limit: descriptors are below it. */
  limit = DEFAULT_FD_LIMIT;
  private readonly slots: (Slot | undefined)[] = [];
  private users = 1;

  get(fd: number): OpenFile | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.slots[fd]?.file : undefined;
  }

  isCloseOnExec(fd: number): boolean {
    return this.slot(fd)?.closeOnExec ?? false;
  }

  /** Sets the flag of an open descriptor; false if `fd` is not open. */
  setCloseOnExec(fd: number, closeOnExec: boolean): boolean {
    const slot = this.slot(fd);
    if (slot) slot.closeOnExec = closeOnExec;
    return slot !== undefined;
  }

  /**
   * Installs `file` at the lowest free descriptor >= `minFd` and returns it, taking over the caller's reference;
   * -EMFILE (the caller keeps its reference) when every descriptor below the limit is in use.
   */
  allocate(file: OpenFile, closeOnExec = false, minFd = 0): number {
    let fd = minFd;
    while (this.slots[fd]) fd++;
    if (fd >= this.limit) return -Errno.EMFILE;
    this.slots[fd] = { file, closeOnExec };
    return fd;
  }

  /** Whether one more descriptor could be allocated (open checks this before it does anything visible). */
  hasFree(count = 1): boolean {
    let free = 0;
    for (let fd = 0; fd < this.limit && free < count; fd++) if (!this.slots[fd]) free++;
    return free >= count;
  }

  /**
   * Puts `file` at exactly `fd` (dup2/dup3), taking over the caller's reference and closing what was there.
   * The caller has checked fd against the limit.
   */
  installAt(fd: number, file: OpenFile, closeOnExec: boolean): void {
    const previous = this.slots[fd];
    this.slots[fd] = { file, closeOnExec };
    if (previous) this.drop(previous.file);
  }

  close(fd: number): number {
    const slot = this.slot(fd);
    if (!slot) return -Errno.EBADF;
    this.slots[fd] = undefined;
    this.trim();
    this.drop(slot.file);
    return 0;
  }

  /** The open descriptors in increasing order, for /proc/PID/fd. */
  entries(): [number, OpenFile][] {
    const result: [number, OpenFile][] = [];
    this.slots.forEach((slot, fd) => slot && result.push([fd, slot.file]));
    return result;
  }

  /** A copy for fork: same open files (one more reference each), same close-on-exec flags. */
  clone(): FdTable {
    const copy = new FdTable();
    copy.limit = this.limit;
    this.slots.forEach((slot, fd) => {
      if (slot) copy.slots[fd] = { file: slot.file.hold(), closeOnExec: slot.closeOnExec };
    });
    return copy;
  }

  /** One more task uses this table (CLONE_FILES); each user calls release() once. */
  share(): this {
    this.users++;
    return this;
  }

  /** execve: closes the descriptors marked close-on-exec. */
  closeOnExec(): void {
    this.slots.forEach((slot, fd) => {
      if (slot?.closeOnExec) this.close(fd);
    });
  }

  /** A user is done with the table (task exit); the last one closes every descriptor. */
  release(): void {
    if (this.users === 0 || --this.users > 0) return;
    this.slots.forEach((slot, fd) => {
      if (slot) this.close(fd);
    });
  }

  /** filp_close: closing any descriptor of a file drops the POSIX locks this table's process holds on it. */
  private drop(file: OpenFile): void {
    fileLocks.release(file.inode, this);
    file.release();
  }

  private slot(fd: number): Slot | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.slots[fd] : undefined;
  }

  private trim(): void {
    while (this.slots.length > 0 && !this.slots[this.slots.length - 1]) this.slots.length--;
  }
}

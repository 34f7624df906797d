import type { UserMemory } from '../UserMemory.js';
import type { WaitQueue } from '../WaitQueue.js';
import type { DirEmitter } from './Inode.js';
import type { OpenFile } from './OpenFile.js';

/**
 * An operation that cannot complete now: the queues that are woken when trying again may succeed, and for
 * operations with a time limit (a terminal's VTIME) when to stop waiting and what to return then.
 */
export interface WouldBlock {
  readonly wouldBlock: readonly WaitQueue[];
  /** Milliseconds after which waiting ends with `onTimeout`'s result (the kernel's clock counts them). */
  readonly timeout?: number;
  readonly onTimeout?: () => number;
}

export function wouldBlock(...queues: WaitQueue[]): WouldBlock {
  return { wouldBlock: queues };
}

export function isWouldBlock(result: number | WouldBlock): result is WouldBlock {
  return typeof result !== 'number';
}

/** What poll sees of a file: the ready events and the queues woken when they may change. */
export interface PollState {
  readonly events: number;
  readonly queues: readonly WaitQueue[];
}

/**
 * How a file takes part in no-MMU mmap (Linux's f_op->mmap, mmap_capabilities and get_unmapped_area). A file
 * offering none of the members can still be mapped as a private copy read through its `read` operation.
 */
export interface MmapOperations {
  /** NOMMU_MAP_* bits; absent means the defaults for the file type. */
  capabilities?(file: OpenFile): number;
  /** Where a direct mapping of [pgoff, pgoff+len) lives, or a negative errno (-ENOSYS: cannot say, copy instead). */
  getUnmappedArea?(file: OpenFile, len: number, pgoff: number, flags: number): number;
  /** Accepts a direct mapping placed at `start` with VM_* `vmFlags`: 0, or a negative errno (-ENOSYS: copy instead). */
  mmapDirect?(file: OpenFile, start: number, length: number, pgoff: number, vmFlags: number): number;
  /** Direct mappings are device memory, as a driver's remap_pfn_range makes them (VM_IO | VM_PFNMAP). */
  readonly ioMemory?: boolean;
  /** The file's pages are memory its file system owns (ramfs/tmpfs): mappings of it are shmem for userfaultfd. */
  readonly shmem?: boolean;
}

/**
 * The operations of an open file (Linux's file_operations). A file system returns one object per open from
 * Inode.open, so per-open state can live in it. Missing members give Linux's answer for a missing method.
 * Reads and writes never block themselves: they return WouldBlock and the syscall layer decides between EAGAIN
 * (O_NONBLOCK) and parking the task.
 */
export interface FileOperations {
  /** No file position (pipes, terminals): pread, pwrite and lseek fail with ESPIPE. */
  readonly stream?: boolean;
  /**
   * Reads and writes move data straight between the device and the caller's pages, as a device's DMA would: the
   * syscall layer pins those pages for the transfer (pin_user_pages, FOLL_PIN).
   */
  readonly pinsUserPages?: boolean;
  /** Reads at `position` (ignored by streams); returns the byte count, 0 at end of file, or a negative errno. */
  read?(file: OpenFile, into: Uint8Array, position: number): number | WouldBlock;
  /**
   * Writes at `position`, or at the end of the file when the file is in append mode; returns the count written
   * (a stream may write part and be called again with the rest) or a negative errno.
   */
  write?(file: OpenFile, data: Uint8Array, position: number): number | WouldBlock;
  /** The new position, or a negative errno; absent means the generic seek over the inode size. */
  llseek?(file: OpenFile, offset: number, whence: number): number;
  /** Emits directory entries from `position` (2 and up; the VFS emits "." and ".."). */
  iterate?(file: OpenFile, position: number, emit: DirEmitter): number;
  poll?(file: OpenFile): PollState;
  /** Device-specific ioctls; -ENOTTY for requests the file does not know. */
  ioctl?(file: OpenFile, request: number, arg: number, mem: UserMemory): number;
  fsync?(file: OpenFile): number;
  /** The file can be mapped; absent, mmap fails with ENODEV as for a file without f_op->mmap. */
  readonly mmap?: MmapOperations;
  /** The last reference to the open file is gone. */
  release?(file: OpenFile): void;
}

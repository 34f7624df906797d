import { Errno } from '../../errno.js';
import type { StatFs } from '../SuperBlock.js';
import { SuperBlock } from '../SuperBlock.js';
import type { Clock } from '../Timespec.js';
import type { GuestPages, SpaceAccount } from './FileData.js';

export const RAMFS_MAGIC = 0x858458f6;
export const TMPFS_MAGIC = 0x01021994;
const PAGE_SIZE = 4096;
/** tmpfs counts this much per directory entry in a directory's size (BOGO_DIRENT_SIZE). */
export const BOGO_DIRENT_SIZE = 20;

/** The limits of a ram-backed file system instance. */
export interface RamLimits {
  /** Bytes of file data the instance may hold. */
  readonly bytes: number;
  /** Inodes it may hold. */
  readonly inodes: number;
}

/**
 * A ramfs or tmpfs instance: the space budget of its files and its inode count. ramfs reports no sizes in
 * statfs (simple_statfs) and is bounded only by memory; tmpfs enforces size= and nr_inodes= and reports them.
 */
export class RamSuperBlock extends SuperBlock implements SpaceAccount {
  usedBytes = 0;
  inodeCount = 0;

  constructor(
    typeName: string,
    /** tmpfs behaviour (sizes in statfs, directory sizes counting entries), as tmpfs and devtmpfs have. */
    readonly isTmpfs: boolean,
    dev: number,
    clock: Clock,
    public limits: RamLimits,
    private readonly shownOptions: () => string[],
    /** Where the files' pages come from. */
    readonly pages: GuestPages,
  ) {
    super(typeName, dev, clock);
  }

  get available(): number {
    return Math.max(0, this.limits.bytes - this.usedBytes);
  }

  reserve(bytes: number): boolean {
    if (bytes > this.available) return false;
    this.usedBytes += bytes;
    return true;
  }

  unreserve(bytes: number): void {
    this.usedBytes -= bytes;
  }

  /** Counts a new inode; -ENOSPC when nr_inodes are in use. */
  takeInode(): number {
    if (this.inodeCount >= this.limits.inodes) return -Errno.ENOSPC;
    this.inodeCount++;
    return 0;
  }

  dropInode(): void {
    this.inodeCount--;
  }

  statfs(): StatFs {
    if (!this.isTmpfs) {
      return { magic: RAMFS_MAGIC, blockSize: PAGE_SIZE, blocks: 0, blocksFree: 0, blocksAvailable: 0, files: 0, filesFree: 0, nameMax: 255 };
    }
    const blocks = Math.floor(this.limits.bytes / PAGE_SIZE);
    const free = Math.max(0, blocks - Math.ceil(this.usedBytes / PAGE_SIZE));
    return {
      magic: TMPFS_MAGIC,
      blockSize: PAGE_SIZE,
      blocks,
      blocksFree: free,
      blocksAvailable: free,
      files: this.limits.inodes,
      filesFree: Math.max(0, this.limits.inodes - this.inodeCount),
      nameMax: 255,
    };
  }

  override options(): string[] {
    return this.shownOptions();
  }
}

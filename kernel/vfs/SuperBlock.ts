import type { Dentry } from './Dentry.js';
import type { Clock, Timespec } from './Timespec.js';

/** What statfs reports of a file system (counts in units of `blockSize`). */
export interface StatFs {
  readonly magic: number;
  readonly blockSize: number;
  readonly blocks: number;
  readonly blocksFree: number;
  readonly blocksAvailable: number;
  readonly files: number;
  readonly filesFree: number;
  readonly nameMax: number;
}

/** One instance of a file system (Linux's super_block): its root, device number, clock and inode numbers. */
export abstract class SuperBlock {
  root!: Dentry;
  private lastIno = 0;

  constructor(
    /** The file system type name, as /proc/mounts shows it. */
    readonly typeName: string,
    readonly dev: number,
    private readonly clock: Clock,
  ) {}

  now(): Timespec {
    return this.clock();
  }

  allocateIno(): number {
    return ++this.lastIno;
  }

  abstract statfs(): StatFs | number;

  /** The file system can never be written (Linux's SB_RDONLY, as romfs sets it): every mount of it is read-only. */
  get readOnly(): boolean {
    return false;
  }

  /** File-system options for /proc/mounts, after the mount's own flags. */
  options(): string[] {
    return [];
  }
}

import { PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import type { Dentry } from '../Dentry.js';
import { S_IFMT, S_IFREG } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import { type AttrChange, Inode } from '../Inode.js';
import type { OpenFile } from '../OpenFile.js';
import { O_APPEND } from '../openFlags.js';
import { Errno } from '../../errno.js';
import { NOMMU_MAP_COPY, NOMMU_MAP_DIRECT, NOMMU_MAP_EXEC, NOMMU_MAP_READ, NOMMU_MAP_WRITE } from '../../mm/constants.js';
import { RamFileData } from './RamFileData.js';
import type { RamSuperBlock } from './RamSuperBlock.js';

/**
 * A regular file of ramfs/tmpfs. Its data is freed when it has no name left and nobody has it open (a mapping
 * holds the file open).
 */
export class RamFile extends Inode {
  declare readonly sb: RamSuperBlock;
  readonly data: RamFileData;
  private opens = 0;

  constructor(sb: RamSuperBlock, mode: number, uid: number, gid: number) {
    super(sb, sb.allocateIno(), S_IFREG | (mode & ~S_IFMT), uid, gid);
    this.data = new RamFileData(sb, sb.pages);
  }

  get size(): number {
    return this.data.size;
  }

  override get blocks(): number {
    return this.data.allocated / 512;
  }

  open(_file: OpenFile): FileOperations {
    this.opens++;
    return ramFileOperations;
  }

  override setattr(_self: Dentry, change: AttrChange): number {
    if (change.size !== undefined && change.size !== this.size) {
      const resized = this.resize(change.size);
      if (resized < 0) return resized;
    }
    this.applyAttributes(change);
    return 0;
  }

  /**
   * ramfs_nommu_resize: growing an empty file is taken to be for a shared mapping and gets contiguous pages;
   * shrinking must not cut pages from under a direct mapping.
   */
  private resize(size: number): number {
    if (this.size === 0) return size >= 2 ** 32 ? -Errno.EFBIG : this.data.expandForMapping(size);
    if (size < this.size) {
      const busy = this.sb.pages.shrinkInodeMappings(this, this.size, size);
      if (busy < 0) return busy;
    }
    this.data.truncate(size);
    return 0;
  }

  /** A name of this file was removed. */
  unlinked(): void {
    this.nlink--;
    this.freeIfUnused();
  }

  closed(): void {
    this.opens--;
    this.freeIfUnused();
  }

  private freeIfUnused(): void {
    if (this.nlink > 0 || this.opens > 0) return;
    this.data.truncate(0);
    this.sb.dropInode();
  }
}

const ramFileOperations: FileOperations = {
  mmap: {
    capabilities: () => NOMMU_MAP_DIRECT | NOMMU_MAP_COPY | NOMMU_MAP_READ | NOMMU_MAP_WRITE | NOMMU_MAP_EXEC,
    getUnmappedArea: (file, len, pgoff) => (file.inode as RamFile).data.contiguousAddress(pgoff, Math.ceil(len / PAGE_SIZE)),
    // The pages are the file's own: nothing to set up (ramfs_nommu_mmap; the core only maps direct sharing here).
    mmapDirect: () => 0,
    shmem: true,
  },
  read(file: OpenFile, into: Uint8Array, position: number): number {
    return (file.inode as RamFile).data.read(into, position);
  },
  write(file: OpenFile, data: Uint8Array, position: number): number {
    const inode = file.inode as RamFile;
    const written = inode.data.write(data, file.flags & O_APPEND ? inode.size : position);
    if (written > 0) inode.mtime = inode.ctime = inode.sb.now();
    return written;
  },
  fsync(): number {
    return 0;
  },
  release(file: OpenFile): void {
    (file.inode as RamFile).closed();
  },
};

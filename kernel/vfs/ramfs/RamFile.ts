import type { Dentry } from '../Dentry.js';
import { S_IFMT, S_IFREG } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import { type AttrChange, Inode } from '../Inode.js';
import type { OpenFile } from '../OpenFile.js';
import { O_APPEND } from '../openFlags.js';
import type { FileData } from './FileData.js';
import { GrowableFileData } from './GrowableFileData.js';
import type { RamSuperBlock } from './RamSuperBlock.js';

/** A regular file of ramfs/tmpfs. Its data is freed when it has no name left and nobody has it open. */
export class RamFile extends Inode {
  declare readonly sb: RamSuperBlock;
  readonly data: FileData;
  private opens = 0;

  constructor(sb: RamSuperBlock, mode: number, uid: number, gid: number) {
    super(sb, sb.allocateIno(), S_IFREG | (mode & ~S_IFMT), uid, gid);
    this.data = new GrowableFileData(sb);
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
    if (change.size !== undefined) this.data.truncate(change.size);
    this.applyAttributes(change);
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
  // Linux's ramfs also maps files directly; ours keep their bytes outside guest RAM, so they are copied.
  mmap: {},
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

import { Errno } from '../errno.js';
import { fileLocks } from './FileLocks.js';
import { isDir } from './fileMode.js';
import { type FileOperations, isWouldBlock, type WouldBlock } from './FileOperations.js';
import type { Inode } from './Inode.js';
import {
  MAX_FILE_SIZE,
  O_ACCMODE,
  O_APPEND,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
} from './openFlags.js';
import type { VfsPath } from './VfsPath.js';

/**
 * An open file description (Linux's struct file): what open() creates and dup() shares. The position and the
 * status flags belong here, so every descriptor dup'ed from one open sees the same ones. Reference counted by the
 * descriptor tables that hold it; the last release tells the file (a pipe end closing, a host file handle).
 */
export class OpenFile {
  position = 0;
  ops: FileOperations = {};
  /** The inode at open time (a path-based file system may later give the dentry a new one). */
  readonly inode: Inode;
  private references = 1;

  constructor(
    readonly path: VfsPath,
    /** The access mode and status flags F_GETFL reports. */
    public flags: number,
  ) {
    this.inode = path.dentry.inode;
    path.mount.references++;
  }

  /** An O_PATH descriptor: a location only, no I/O (Linux FMODE_PATH). */
  get pathOnly(): boolean {
    return (this.flags & O_PATH) !== 0;
  }

  get readable(): boolean {
    const mode = this.flags & O_ACCMODE;
    return !this.pathOnly && (mode === O_RDONLY || mode === O_RDWR);
  }

  get writable(): boolean {
    const mode = this.flags & O_ACCMODE;
    return !this.pathOnly && (mode === O_WRONLY || mode === O_RDWR);
  }

  get nonBlocking(): boolean {
    return (this.flags & O_NONBLOCK) !== 0;
  }

  get stream(): boolean {
    return this.ops.stream === true;
  }

  get pinsUserPages(): boolean {
    return this.ops.pinsUserPages === true;
  }

  hold(): this {
    this.references++;
    return this;
  }

  release(): void {
    if (--this.references > 0) return;
    fileLocks.release(this.inode, this);
    this.ops.release?.(this);
    this.path.mount.references--;
  }

  /** read(2) after the descriptor checks: at the file position, which advances. */
  read(into: Uint8Array): number | WouldBlock {
    const result = this.readAt(into, this.position);
    if (!isWouldBlock(result) && result > 0 && !this.stream) this.position += result;
    return result;
  }

  readAt(into: Uint8Array, position: number): number | WouldBlock {
    if (!this.ops.read) return isDir(this.inode.mode) ? -Errno.EISDIR : -Errno.EINVAL;
    return this.ops.read(this, into, position);
  }

  /** write(2) after the descriptor checks: in append mode the file position ends at the end of the file. */
  write(data: Uint8Array): number | WouldBlock {
    const result = this.writeAt(data, this.position);
    if (isWouldBlock(result) || result < 0 || this.stream) return result;
    this.position = this.flags & O_APPEND ? this.inode.size : this.position + result;
    return result;
  }

  writeAt(data: Uint8Array, position: number): number | WouldBlock {
    if (!this.ops.write) return -Errno.EINVAL;
    if (!this.stream && position + data.length > MAX_FILE_SIZE) {
      if (position >= MAX_FILE_SIZE) return -Errno.EFBIG;
      data = data.subarray(0, MAX_FILE_SIZE - position);
    }
    return this.ops.write(this, data, position);
  }

  /** lseek: the new position or a negative errno. */
  seek(offset: number, whence: number): number {
    if (this.ops.llseek) return this.ops.llseek(this, offset, whence);
    if (this.stream) return -Errno.ESPIPE;
    const next = isDir(this.inode.mode) ? directorySeek(this.position, offset, whence) : fileSeek(this.position, offset, whence, this.inode.size);
    if (next >= 0) this.position = next;
    return next;
  }
}

/** generic_file_llseek_size over a file of `size` bytes. */
function fileSeek(position: number, offset: number, whence: number, size: number): number {
  let next: number;
  switch (whence) {
    case SEEK_SET:
      next = offset;
      break;
    case SEEK_CUR:
      next = position + offset;
      break;
    case SEEK_END:
      next = size + offset;
      break;
    case SEEK_DATA:
      if (offset < 0 || offset >= size) return -Errno.ENXIO;
      next = offset;
      break;
    case SEEK_HOLE:
      if (offset < 0 || offset >= size) return -Errno.ENXIO;
      next = size;
      break;
    default:
      return -Errno.EINVAL;
  }
  return next < 0 || next > MAX_FILE_SIZE ? -Errno.EINVAL : next;
}

/** dcache_dir_lseek: directory positions are cookies, only absolute or relative moves make sense. */
function directorySeek(position: number, offset: number, whence: number): number {
  let next: number;
  if (whence === SEEK_SET) next = offset;
  else if (whence === SEEK_CUR) next = position + offset;
  else return -Errno.EINVAL;
  return next < 0 ? -Errno.EINVAL : next;
}

import { Errno } from '../errno.js';
import { nameToBytes } from './bytes.js';
import { DT_DIR, isDir } from './fileMode.js';
import type { DirEmitter } from './Inode.js';
import type { OpenFile } from './OpenFile.js';
import { isDeadDirectory } from './Vfs.js';

/**
 * iterate_dir with dir_emit_dots: "." at position 0, ".." at 1 (the parent within the same file system, the
 * directory itself at a file system root), then the file system's entries. The file position follows every
 * entry the caller accepted, so the next call continues where this one stopped.
 */
export function readDirectory(file: OpenFile, emit: DirEmitter): number {
  const inode = file.inode;
  if (!isDir(inode.mode)) return -Errno.ENOTDIR;
  if (isDeadDirectory(inode)) return -Errno.ENOENT;
  const dentry = file.path.dentry;
  if (file.position === 0) {
    if (!emit('.', inode.ino, DT_DIR, 1)) return 0;
    file.position = 1;
  }
  if (file.position === 1) {
    if (!emit('..', dentry.parent.inode.ino, DT_DIR, 2)) return 0;
    file.position = 2;
  }
  const tracked: DirEmitter = (name, ino, type, next) => {
    if (!emit(name, ino, type, next)) return false;
    file.position = next;
    return true;
  };
  return file.ops.iterate ? file.ops.iterate(file, file.position, tracked) : inode.iterate(dentry, file.position, tracked);
}

/** Size of the fixed part of struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8. */
const DIRENT64_HEADER = 19;

/**
 * Packs struct linux_dirent64 records (name NUL-terminated, record padded to 8 bytes) into a getdents64 buffer.
 */
export class Dirent64Writer {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly buffer: Uint8Array) {
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.offset;
  }

  /** Appends one record; false if it does not fit. */
  add(name: string, ino: number, next: number, type: number): boolean {
    const nameBytes = nameToBytes(name);
    const length = Math.ceil((DIRENT64_HEADER + nameBytes.length + 1) / 8) * 8;
    if (this.offset + length > this.buffer.length) return false;
    const at = this.offset;
    this.view.setBigUint64(at, BigInt(ino), true);
    this.view.setBigInt64(at + 8, BigInt(next), true);
    this.view.setUint16(at + 16, length, true);
    this.view.setUint8(at + 18, type);
    this.buffer.set(nameBytes, at + DIRENT64_HEADER);
    this.buffer.fill(0, at + DIRENT64_HEADER + nameBytes.length, at + length);
    this.offset += length;
    return true;
  }
}

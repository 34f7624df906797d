import { Errno } from '../errno.js';
import type { Credentials } from './Credentials.js';
import type { Dentry } from './Dentry.js';
import { S_IFMT } from './fileMode.js';
import type { FileOperations } from './FileOperations.js';
import type { OpenFile } from './OpenFile.js';
import type { SuperBlock } from './SuperBlock.js';
import type { Timespec } from './Timespec.js';
import type { VfsPath } from './VfsPath.js';

/**
 * Receives one directory entry during readdir; `next` is the directory position just after it. Returns false when
 * the caller's buffer is full, which stops the iteration with the position left before this entry.
 */
export type DirEmitter = (name: string, ino: number, direntType: number, next: number) => boolean;

/** The attribute changes of setattr (Linux's struct iattr): absent members stay as they are. */
export interface AttrChange {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: Timespec;
  mtime?: Timespec;
  ctime?: Timespec;
}

/**
 * A file system object. The base class holds the attributes every file system keeps; the operations default to the
 * errors Linux gives when a file system lacks them (its inode_operations member is NULL), and each file system
 * overrides what it supports. Names are byte strings (one char per byte, 0-255) so that any name round-trips.
 * Directory operations receive the Dentry of the directory, from which path-based file systems (hostfs) know where
 * they are; the VFS has done the permission and existence checks before calling them.
 */
export abstract class Inode {
  nlink = 1;
  rdev = 0;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;

  constructor(
    readonly sb: SuperBlock,
    readonly ino: number,
    public mode: number,
    public uid: number,
    public gid: number,
  ) {
    this.atime = this.mtime = this.ctime = sb.now();
  }

  abstract get size(): number;

  /** 512-byte blocks in use. */
  get blocks(): number {
    return Math.ceil(this.size / 512);
  }

  /** The preferred I/O size reported by stat. */
  get blockSize(): number {
    return 4096;
  }

  get type(): number {
    return this.mode & S_IFMT;
  }

  /** The inode in `dir` named `name`, null when there is none. */
  lookup(_dir: Dentry, _name: string): Inode | null | number {
    return -Errno.ENOTDIR;
  }

  /** Emits the entries from `position` on (positions 0 and 1 are "." and "..", which the VFS emits). */
  iterate(_dir: Dentry, _position: number, _emit: DirEmitter): number {
    return -Errno.ENOTDIR;
  }

  create(_dir: Dentry, _name: string, _mode: number, _cred: Credentials): Inode | number {
    return -Errno.EACCES;
  }

  mkdir(_dir: Dentry, _name: string, _mode: number, _cred: Credentials): Inode | number {
    return -Errno.EPERM;
  }

  mknod(_dir: Dentry, _name: string, _mode: number, _rdev: number, _cred: Credentials): Inode | number {
    return -Errno.EPERM;
  }

  symlink(_dir: Dentry, _name: string, _target: string, _cred: Credentials): Inode | number {
    return -Errno.EPERM;
  }

  /** A new name for `existing` in this directory. */
  link(_existing: Dentry, _dir: Dentry, _name: string): number {
    return -Errno.EPERM;
  }

  unlink(_dir: Dentry, _victim: Dentry): number {
    return -Errno.EPERM;
  }

  rmdir(_dir: Dentry, _victim: Dentry): number {
    return -Errno.EPERM;
  }

  /** Moves `old` from this directory to `newDir`/`newName`, replacing `replaced` or exchanging with it. */
  rename(_oldDir: Dentry, _old: Dentry, _newDir: Dentry, _newName: string, _replaced: Dentry | null, _flags: number): number {
    return -Errno.EPERM;
  }

  /** An unnamed regular file in this directory (O_TMPFILE). */
  tmpfile(_dir: Dentry, _mode: number, _cred: Credentials): Inode | number {
    return -Errno.EOPNOTSUPP;
  }

  readlink(_self: Dentry): string | number {
    return -Errno.EINVAL;
  }

  /**
   * Where a /proc "magic" link leads (/proc/PID/fd/N, cwd, root): path walks jump there directly instead of
   * resolving the link text (nd_jump_link). Null for ordinary symbolic links.
   */
  magicLink(_self: Dentry): VfsPath | number | null {
    return null;
  }

  /** The operations of a new open file on this inode (regular files, directories, symlinks opened with O_PATH). */
  abstract open(file: OpenFile): FileOperations | number;

  /** Applies attribute changes already allowed by the VFS. */
  setattr(_self: Dentry, change: AttrChange): number {
    if (change.size !== undefined) return -Errno.EPERM;
    this.applyAttributes(change);
    return 0;
  }

  /** Brings the attributes up to date before they are reported (file systems whose data lives elsewhere). */
  refresh(_self: Dentry): number {
    return 0;
  }

  protected applyAttributes(change: AttrChange): void {
    if (change.mode !== undefined) this.mode = (this.mode & S_IFMT) | (change.mode & ~S_IFMT);
    if (change.uid !== undefined) this.uid = change.uid;
    if (change.gid !== undefined) this.gid = change.gid;
    if (change.atime) this.atime = change.atime;
    if (change.mtime) this.mtime = change.mtime;
    if (change.ctime) this.ctime = change.ctime;
  }
}

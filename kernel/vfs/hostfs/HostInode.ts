import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lchownSync,
  linkSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  chmodSync,
  type BigIntStats,
} from 'node:fs';
import { Errno } from '../../errno.js';
import type { Credentials } from '../Credentials.js';
import type { Dentry } from '../Dentry.js';
import { isDir, isLink, isReg, modeToDirentType, S_IFMT, S_IFREG } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import { type AttrChange, type DirEmitter, Inode } from '../Inode.js';
import type { OpenFile } from '../OpenFile.js';
import { O_ACCMODE, O_APPEND, O_RDWR, O_WRONLY, RENAME_EXCHANGE } from '../openFlags.js';
import type { Timespec } from '../Timespec.js';
import { hostCall } from './hostErrno.js';
import type { HostSuperBlock } from './HostSuperBlock.js';

const NS_PER_SECOND = 1_000_000_000n;

function timespec(ns: bigint): Timespec {
  const sec = ns / NS_PER_SECOND;
  const nsec = ns - sec * NS_PER_SECOND;
  return nsec < 0n ? { sec: Number(sec) - 1, nsec: Number(nsec + NS_PER_SECOND) } : { sec: Number(sec), nsec: Number(nsec) };
}

/** A Date-free host timestamp for lutimes: seconds with the nanoseconds as a fraction. */
function hostTime(time: Timespec): number {
  return time.sec + time.nsec / 1e9;
}

/**
 * A file or directory of a host directory mount. Attributes mirror the host's (refreshed on lookup and stat);
 * operations go to the host by path, each first checking that the parent is still inside the mount
 * (HostSuperBlock.checkConfined) and never following a symbolic link in the last component.
 */
export class HostInode extends Inode {
  declare readonly sb: HostSuperBlock;
  private bytes = 0;
  private blockCount = 0;
  private preferredBlockSize = 4096;

  constructor(sb: HostSuperBlock, ino: number, mode: number) {
    super(sb, ino, mode, 0, 0);
  }

  get size(): number {
    return this.bytes;
  }

  override get blocks(): number {
    return this.blockCount;
  }

  override get blockSize(): number {
    return this.preferredBlockSize;
  }

  /** Takes the host's attributes (the device number stays the mount's own). */
  update(stats: BigIntStats): void {
    this.mode = Number(stats.mode);
    this.uid = Number(stats.uid);
    this.gid = Number(stats.gid);
    this.nlink = Number(stats.nlink);
    this.bytes = Number(stats.size);
    this.blockCount = Number(stats.blocks);
    this.preferredBlockSize = Number(stats.blksize);
    this.atime = timespec(stats.atimeNs);
    this.mtime = timespec(stats.mtimeNs);
    this.ctime = timespec(stats.ctimeNs);
  }

  override lookup(dir: Dentry, name: string): Inode | null | number {
    const path = this.childPath(dir, name);
    if (typeof path === 'number') return path;
    const found = this.inodeAt(path);
    return found === -Errno.ENOENT ? null : found;
  }

  override create(dir: Dentry, name: string, mode: number, _cred: Credentials): Inode | number {
    return this.makeAt(dir, name, (path) => closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, mode & 0o7777)));
  }

  override mkdir(dir: Dentry, name: string, mode: number, _cred: Credentials): Inode | number {
    return this.makeAt(dir, name, (path) => mkdirSync(path, { mode: mode & 0o7777 }));
  }

  /** Only regular files: Node cannot make device nodes, FIFOs or sockets on the host. */
  override mknod(dir: Dentry, name: string, mode: number, _rdev: number, cred: Credentials): Inode | number {
    return (mode & S_IFMT) === S_IFREG ? this.create(dir, name, mode, cred) : -Errno.EPERM;
  }

  override symlink(dir: Dentry, name: string, target: string, _cred: Credentials): Inode | number {
    return this.makeAt(dir, name, (path) => symlinkSync(Buffer.from(target, 'latin1'), path));
  }

  override link(existing: Dentry, dir: Dentry, name: string): number {
    const from = this.pathOf(existing);
    if (typeof from === 'number') return from;
    const to = this.childPath(dir, name);
    if (typeof to === 'number') return to;
    return hostCall(() => linkSync(from, to)) ?? 0;
  }

  override unlink(dir: Dentry, victim: Dentry): number {
    const path = this.childPath(dir, victim.name);
    return typeof path === 'number' ? path : (hostCall(() => unlinkSync(path)) ?? 0);
  }

  override rmdir(dir: Dentry, victim: Dentry): number {
    const path = this.childPath(dir, victim.name);
    return typeof path === 'number' ? path : (hostCall(() => rmdirSync(path)) ?? 0);
  }

  /** Node has no renameat2: exchanging is not possible (EINVAL, like file systems without it). */
  override rename(oldDir: Dentry, old: Dentry, newDir: Dentry, newName: string, _replaced: Dentry | null, flags: number): number {
    if (flags & RENAME_EXCHANGE) return -Errno.EINVAL;
    const from = this.childPath(oldDir, old.name);
    if (typeof from === 'number') return from;
    const to = this.childPath(newDir, newName);
    if (typeof to === 'number') return to;
    return hostCall(() => renameSync(from, to)) ?? 0;
  }

  override readlink(self: Dentry): string | number {
    const path = this.pathOf(self);
    if (typeof path === 'number') return path;
    const target = hostCall(() => readlinkSync(path, { encoding: 'buffer' }));
    return typeof target === 'number' ? target : target.toString('latin1');
  }

  open(file: OpenFile): FileOperations | number {
    const path = this.pathOf(file.path.dentry);
    if (typeof path === 'number') return path;
    if (isDir(this.mode)) return new HostDirectoryOperations(this.sb, file.path.dentry);
    if (isLink(this.mode)) return {};
    if (!isReg(this.mode)) return -Errno.ENXIO;
    const access = file.flags & O_ACCMODE;
    const hostAccess = access === O_WRONLY ? constants.O_WRONLY : access === O_RDWR ? constants.O_RDWR : constants.O_RDONLY;
    // O_NONBLOCK: a FIFO swapped in on the host must not block the emulator in open().
    const fd = hostCall(() => openSync(path, hostAccess | constants.O_NOFOLLOW | constants.O_NONBLOCK));
    if (typeof fd === 'number' && fd < 0) return fd;
    const stats = hostCall(() => fstatSync(fd, { bigint: true }));
    if (typeof stats === 'number' || (Number(stats.mode) & S_IFMT) !== S_IFREG) {
      closeSync(fd);
      return typeof stats === 'number' ? stats : -Errno.ENXIO;
    }
    return new HostFileOperations(fd, this);
  }

  override setattr(self: Dentry, change: AttrChange): number {
    const path = this.pathOf(self);
    if (typeof path === 'number') return path;
    const steps: (() => void)[] = [];
    if (change.size !== undefined) {
      const size = change.size;
      steps.push(() => {
        const fd = openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        try {
          ftruncateSync(fd, size);
        } finally {
          closeSync(fd);
        }
      });
    }
    // Linux cannot change a symbolic link's mode either; chmod follows links, so it is never used on one.
    if (change.mode !== undefined && !isLink(this.mode)) steps.push(() => chmodSync(path, change.mode! & 0o7777));
    if (change.uid !== undefined || change.gid !== undefined) steps.push(() => lchownSync(path, change.uid ?? this.uid, change.gid ?? this.gid));
    if (change.atime || change.mtime) steps.push(() => lutimesSync(path, hostTime(change.atime ?? this.atime), hostTime(change.mtime ?? this.mtime)));
    for (const step of steps) {
      const failed = hostCall(step);
      if (typeof failed === 'number') return failed;
    }
    return this.refresh(self);
  }

  override refresh(self: Dentry): number {
    const path = this.pathOf(self);
    if (typeof path === 'number') return path;
    const stats = this.sb.lstat(path);
    if (typeof stats === 'number') return stats;
    this.update(stats);
    return 0;
  }

  /** The host path of `dentry` after checking its parent is still confined. */
  private pathOf(dentry: Dentry): Buffer | number {
    if (dentry === this.sb.root) return this.sb.checkConfined(dentry) || this.sb.hostRoot;
    return this.childPath(dentry.parent, dentry.name);
  }

  /** The host path of `name` in directory `dir` after checking the directory is still confined. */
  private childPath(dir: Dentry, name: string): Buffer | number {
    return this.sb.checkConfined(dir) || this.sb.childPath(dir, name);
  }

  private inodeAt(path: Buffer): HostInode | number {
    const stats = this.sb.lstat(path);
    if (typeof stats === 'number') return stats;
    return this.sb.inodeFor(stats, (ino) => new HostInode(this.sb, ino, Number(stats.mode)));
  }

  private makeAt(dir: Dentry, name: string, make: (path: Buffer) => void): Inode | number {
    const path = this.childPath(dir, name);
    if (typeof path === 'number') return path;
    const failed = hostCall(() => make(path));
    return typeof failed === 'number' ? failed : this.inodeAt(path);
  }
}

/** An open host file: reads and writes at positions with the host descriptor, closed with the last reference. */
class HostFileOperations implements FileOperations {
  /** A disk file on no-MMU Linux: private copies only, shared mappings refused. */
  readonly mmap = {};

  constructor(
    private readonly fd: number,
    private readonly inode: HostInode,
  ) {}

  read(_file: OpenFile, into: Uint8Array, position: number): number {
    return hostCall(() => readSync(this.fd, into, 0, into.length, position));
  }

  write(file: OpenFile, data: Uint8Array, position: number): number {
    const result = hostCall(() => {
      const at = file.flags & O_APPEND ? Number(fstatSync(this.fd, { bigint: true }).size) : position;
      return writeSync(this.fd, data, 0, data.length, at);
    });
    const stats = hostCall(() => fstatSync(this.fd, { bigint: true }));
    if (typeof stats !== 'number') this.inode.update(stats);
    return result;
  }

  fsync(): number {
    return hostCall(() => fsyncSync(this.fd)) ?? 0;
  }

  release(): void {
    hostCall(() => closeSync(this.fd));
  }
}

/** An open host directory: a listing taken when reading starts (or restarts after a rewind). */
class HostDirectoryOperations implements FileOperations {
  private names: Buffer[] = [];

  constructor(
    private readonly sb: HostSuperBlock,
    private readonly dir: Dentry,
  ) {}

  iterate(_file: OpenFile, position: number, emit: DirEmitter): number {
    if (position <= 2) {
      const confined = this.sb.checkConfined(this.dir);
      if (confined) return confined;
      const names = hostCall(() => readdirSync(this.sb.hostPath(this.dir), { encoding: 'buffer' }));
      if (typeof names === 'number') return names;
      this.names = names;
    }
    for (let i = position - 2; i < this.names.length; i++) {
      const name = this.names[i].toString('latin1');
      const stats = this.sb.lstat(this.sb.childPath(this.dir, name));
      if (typeof stats === 'number') continue;
      if (!emit(name, Number(stats.ino), modeToDirentType(Number(stats.mode)), i + 3)) break;
    }
    return 0;
  }

  fsync(): number {
    return 0;
  }
}

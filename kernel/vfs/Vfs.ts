import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { NommuMmap } from '../mm/NommuMmap.js';
import { CharDevices } from './CharDevices.js';
import { type Credentials, ROOT_CREDENTIALS } from './Credentials.js';
import { isDir, isLink, isReg, makeDev, S_IALLUGO, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from './fileMode.js';
import type { FileOperations } from './FileOperations.js';
import type { FileSystemType } from './FileSystemType.js';
import { FsContext } from './FsContext.js';
import type { Inode } from './Inode.js';
import type { Mount } from './Mount.js';
import { MS_RELATIME } from './mountFlags.js';
import { MountTable } from './MountTable.js';
import { OpenFile } from './OpenFile.js';
import {
  O_ACCMODE,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOATIME,
  O_NOCTTY,
  O_NOFOLLOW,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_TMPFILE_ONLY,
  O_TRUNC,
  O_WRONLY,
} from './openFlags.js';
import { LOOKUP_DIRECTORY, LOOKUP_FOLLOW, PathWalker } from './PathWalker.js';
import { ANON_INODE_FS_MAGIC, PIPEFS_MAGIC, PseudoFs } from './PseudoFs.js';
import { checkPermission, isOwnerOrCapable, MAY_APPEND, MAY_EXEC, MAY_READ, MAY_WRITE } from './permission.js';
import { devTmpFileSystemType } from './devfs/DevTmpFs.js';
import { registerMemoryDevices } from './devfs/memoryDevices.js';
import type { GuestPages } from './ramfs/FileData.js';
import { ramFileSystemType } from './ramfs/RamFs.js';
import type { SuperBlock } from './SuperBlock.js';
import { type Clock, hostClock } from './Timespec.js';
import { truncateInode } from './attributes.js';
import type { VfsPath } from './VfsPath.js';

export interface VfsOptions {
  /** The wall clock for timestamps (default: the host's). */
  clock?: Clock;
  /** The machine's RAM: what ramfs may fill and what tmpfs sizes default to (default: all of `memory`, or 64 MiB). */
  memoryBytes?: number;
  /** Guest RAM that ramfs/tmpfs files keep their pages in (default: RAM of its own, of `memoryBytes`). */
  memory?: GuestPages;
  /** What /dev/random and /dev/urandom read (default: the host's cryptographic generator). */
  random?: (into: Uint8Array) => void;
}

/** Where a relative path starts and who resolves it: what every path-based operation needs. */
export interface Lookup {
  readonly fs: FsContext;
  readonly cred: Credentials;
  /** The directory relative paths start from: the working directory or a dirfd. */
  readonly base: VfsPath;
}

/** The root file system: its type, device name, options and mount flags. */
export interface RootFileSystem {
  readonly type: string;
  readonly source?: string;
  readonly options?: string;
  readonly flags?: number;
}

/** The largest executable readExecutable reads (the machine could not load a bigger one anyway). */
const MAX_EXECUTABLE = 256 * 1024 * 1024;

/**
 * The virtual file system: the mount tree, the known file system types and character devices, and the path-based
 * operations of Linux's fs/namei.c and fs/open.c, each checking in Linux's order so that the first error a
 * program sees is the one Linux would give.
 */
export class Vfs {
  readonly mounts = new MountTable();
  readonly devices = new CharDevices();
  readonly clock: Clock;
  readonly memoryBytes: number;
  /** Guest RAM holding the pages of ramfs/tmpfs files. */
  readonly memory: GuestPages;
  /** Where pipes get their inodes. */
  readonly pipeFs: PseudoFs;
  /** Where host streams and other files without a name get their inodes. */
  readonly anonFs: PseudoFs;
  private readonly types = new Map<string, FileSystemType>();
  private lastAnonymousMinor = 0;
  /** O_TMPFILE files opened without O_EXCL: linkat(AT_EMPTY_PATH) may give them a name (Linux's I_LINKABLE). */
  private readonly linkableTmpfiles = new WeakSet<Inode>();

  constructor(options: VfsOptions = {}) {
    this.clock = options.clock ?? hostClock;
    this.memoryBytes = options.memoryBytes ?? (options.memory ? options.memory.allocator.pageCount * PAGE_SIZE : 64 * 1024 * 1024);
    this.memory = options.memory ?? NommuMmap.withOwnRam(this.memoryBytes);
    this.registerFileSystem(ramFileSystemType('ramfs', this.memoryBytes, this.memory));
    this.registerFileSystem(ramFileSystemType('tmpfs', this.memoryBytes, this.memory));
    this.registerFileSystem(devTmpFileSystemType(this.memoryBytes, this.devices, this.memory));
    registerMemoryDevices(this.devices, options.random);
    this.pipeFs = new PseudoFs(this.mounts, 'pipefs', PIPEFS_MAGIC, this.anonymousDev(), this.clock);
    this.anonFs = new PseudoFs(this.mounts, 'anon_inodefs', ANON_INODE_FS_MAGIC, this.anonymousDev(), this.clock);
  }

  registerFileSystem(type: FileSystemType): void {
    this.types.set(type.name, type);
  }

  /** The registered file system types, in registration order (/proc/filesystems). */
  get fileSystemTypes(): readonly FileSystemType[] {
    return [...this.types.values()];
  }

  /** A device number for a file system without a device (get_anon_bdev: major 0). */
  anonymousDev(): number {
    return makeDev(0, ++this.lastAnonymousMinor);
  }

  /** Creates a file system instance of a registered type; a negative errno for bad options or an unknown type. */
  createSuperBlock(type: string, source: string, options: string): SuperBlock | number {
    const fsType = this.types.get(type);
    if (!fsType) return -Errno.ENODEV;
    return fsType.mount({ source, options, dev: this.anonymousDev(), clock: this.clock });
  }

  /** Mounts the root file system; throws if it cannot be created (a setup error, not a guest error). */
  mountRoot(spec: RootFileSystem = { type: 'ramfs', source: 'rootfs' }): Mount {
    const sb = this.createSuperBlock(spec.type, spec.source ?? spec.type, spec.options ?? '');
    if (typeof sb === 'number') throw new Error(`cannot create the root file system (${spec.type}): errno ${-sb}`);
    const mount = this.mounts.create(sb, sb.root, spec.flags ?? 0, spec.source ?? spec.type);
    this.mounts.attachRoot(mount);
    return mount;
  }

  /** The root and working directory of the first process: both at the root of the tree. */
  newFsContext(): FsContext {
    const root = this.mounts.root;
    return new FsContext({ mount: root, dentry: root.root });
  }

  /**
   * Host-side mount of a file system instance at an absolute guest path that must be an existing directory
   * (tmpfs on /tmp at boot, --mount hostdir:/guestdir); a negative errno if the path does not resolve. The flags
   * default to relatime, as for mount(2).
   */
  mountAt(target: string, sb: SuperBlock, flags = MS_RELATIME, source: string = sb.typeName): Mount | number {
    const fs = this.newFsContext();
    const path = this.resolve({ fs, cred: ROOT_CREDENTIALS, base: fs.root }, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
    fs.release();
    if (typeof path === 'number') return path;
    const mount = this.mounts.create(sb, sb.root, flags, source);
    this.mounts.attach(mount, path);
    return mount;
  }

  walker(at: Lookup): PathWalker {
    return new PathWalker(this.mounts, at.fs.root, at.cred);
  }

  /** user_path_at: the location `path` names; an empty path is ENOENT unless `allowEmpty` (AT_EMPTY_PATH). */
  resolve(at: Lookup, path: string, flags: number, allowEmpty = false): VfsPath | number {
    if (path === '') return allowEmpty ? at.base : -Errno.ENOENT;
    return this.walker(at).lookup(at.base, path, flags);
  }

  /**
   * do_filp_open: `flags` are open's flags as the program gave them, minus unknown bits (the syscall layer's
   * build_open_flags has checked them); `mode` is the creation mode before the umask. `path` is not empty.
   */
  open(at: Lookup, path: string, flags: number, mode: number): OpenFile | number {
    const walker = this.walker(at);
    const lookupFlags = (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) | (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0);
    if (flags & O_TMPFILE_ONLY) return this.openTmpfile(walker, at, path, flags, mode);
    if (flags & O_PATH) {
      const target = walker.lookup(at.base, path, lookupFlags);
      return typeof target === 'number' ? target : new OpenFile(target, flags & ~O_CLOEXEC);
    }
    let created = false;
    let target: VfsPath | number;
    if (flags & O_CREAT) {
      const found = this.lookupOrCreate(walker, at, path, flags, mode);
      if (typeof found === 'number') return found;
      ({ target, created } = found);
    } else {
      target = walker.lookup(at.base, path, lookupFlags);
      if (typeof target === 'number') return target;
    }
    const inode = target.dentry.inode;
    if (flags & O_CREAT) {
      if (flags & O_EXCL && !created) return -Errno.EEXIST;
      if (isDir(inode.mode)) return -Errno.EISDIR;
    }
    if (lookupFlags & LOOKUP_DIRECTORY && !isDir(inode.mode)) return -Errno.ENOTDIR;
    let access = accessMask(flags);
    let truncate = false;
    if (created) {
      access = 0;
    } else if (isReg(inode.mode) && flags & O_TRUNC) {
      if (target.mount.readOnly) return -Errno.EROFS;
      truncate = true;
    }
    const denied = this.mayOpen(target, access, flags, at.cred);
    if (denied) return denied;
    const file = this.openDentry(target, flags);
    if (typeof file === 'number' || !truncate) return file;
    const error = truncateInode(target, 0, true);
    if (error) {
      file.release();
      return error;
    }
    return file;
  }

  /** do_dentry_open: an open file on an inode the caller may open, through its file system or its driver. */
  openDentry(path: VfsPath, flags: number): OpenFile | number {
    const inode = path.dentry.inode;
    const mode = flags & O_ACCMODE;
    const writing = (mode === O_WRONLY || mode === O_RDWR) && !(flags & O_PATH);
    const type = inode.mode & S_IFMT;
    const special = type === S_IFCHR || type === S_IFBLK || type === S_IFIFO || type === S_IFSOCK;
    if (writing && !special && path.mount.readOnly) return -Errno.EROFS;
    const file = new OpenFile(path, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC));
    const ops = special ? this.openSpecial(file) : inode.open(file);
    if (typeof ops === 'number') {
      file.release();
      return ops;
    }
    file.ops = ops;
    return file;
  }

  /** Reads a program for execve as the VFS sees it from `fs` (open_exec and kernel_read_file). */
  readExecutable(fs: FsContext, path: string, cred: Credentials = ROOT_CREDENTIALS): Uint8Array | number {
    const target = this.resolve({ fs, cred, base: fs.cwd }, path, LOOKUP_FOLLOW);
    if (typeof target === 'number') return target;
    const denied = this.mayOpen(target, MAY_EXEC, 0, cred);
    if (denied) return denied;
    if (!isReg(target.dentry.inode.mode)) return -Errno.EACCES;
    const file = this.openDentry(target, O_RDONLY);
    if (typeof file === 'number') return file;
    try {
      const size = target.dentry.inode.size;
      if (size > MAX_EXECUTABLE) return -Errno.EFBIG;
      const image = new Uint8Array(size);
      let done = 0;
      while (done < size) {
        const count = file.readAt(image.subarray(done), done);
        if (typeof count !== 'number') return -Errno.EIO;
        if (count < 0) return count;
        if (count === 0) break;
        done += count;
      }
      return image.subarray(0, done);
    } finally {
      file.release();
    }
  }

  /**
   * prepend_path: the name of `path` as seen from `root` (getcwd, /proc links, /proc/mounts). `reachable` is false
   * when `path` lies outside `root` (then the name is relative to the top of the tree).
   */
  pathName(path: VfsPath, root: VfsPath): { name: string; reachable: boolean } {
    const parts: string[] = [];
    let { mount, dentry } = path;
    let reachable = true;
    while (!(mount === root.mount && dentry === root.dentry)) {
      if (dentry === mount.root) {
        if (!mount.parent || !mount.mountpoint) {
          reachable = false;
          break;
        }
        dentry = mount.mountpoint;
        mount = mount.parent;
        continue;
      }
      if (dentry.isRoot) {
        reachable = false;
        break;
      }
      parts.push(dentry.name);
      dentry = dentry.parent;
    }
    return { name: `/${parts.reverse().join('/')}`, reachable };
  }

  /** d_path: unnamed files (pipes, anonymous inodes) by name, removed files marked " (deleted)". */
  describePath(path: VfsPath, root: VfsPath): string {
    if (path.mount === this.pipeFs.mount || path.mount === this.anonFs.mount) return path.dentry.name;
    const { name } = this.pathName(path, root);
    return path.dentry.unlinked ? `${name} (deleted)` : name;
  }

  /** may_open: what the file type and the mount allow, then the inode's permission bits. */
  mayOpen(path: VfsPath, access: number, flags: number, cred: Credentials): number {
    const inode = path.dentry.inode;
    switch (inode.mode & S_IFMT) {
      case S_IFLNK:
        return -Errno.ELOOP;
      case S_IFDIR:
        if (access & MAY_WRITE) return -Errno.EISDIR;
        if (access & MAY_EXEC) return -Errno.EACCES;
        break;
      case S_IFBLK:
      case S_IFCHR:
        if (path.mount.nodev) return -Errno.EACCES;
        if (access & MAY_EXEC) return -Errno.EACCES;
        break;
      case S_IFIFO:
      case S_IFSOCK:
        if (access & MAY_EXEC) return -Errno.EACCES;
        break;
      case S_IFREG:
        if (access & MAY_EXEC && path.mount.noexec) return -Errno.EACCES;
        break;
    }
    const denied = checkPermission(inode, access, cred);
    if (denied) return denied;
    if (flags & O_NOATIME && !isOwnerOrCapable(inode, cred)) return -Errno.EPERM;
    return 0;
  }

  /**
   * may_create and the creation itself of a regular file `name` in `dir` (open with O_CREAT): read-only mounts,
   * removed directories and missing write/search permission on the directory fail first.
   */
  private createIn(dir: VfsPath, name: string, mode: number, at: Lookup): VfsPath | number {
    if (dir.mount.readOnly) return -Errno.EROFS;
    const denied = mayCreate(dir.dentry.inode, at.cred);
    if (denied) return denied;
    const inode = dir.dentry.inode.create(dir.dentry, name, S_IFREG | (mode & S_IALLUGO & ~at.fs.umask), at.cred);
    if (typeof inode === 'number') return inode;
    return { mount: dir.mount, dentry: dir.dentry.instantiate(name, inode) };
  }

  /** Whether a file without names may be linked (an O_TMPFILE file opened without O_EXCL). */
  isLinkable(inode: Inode): boolean {
    return inode.nlink > 0 || this.linkableTmpfiles.has(inode);
  }

  /** Opens a device node, FIFO or socket: through the character device drivers; no FIFOs or sockets yet. */
  private openSpecial(file: OpenFile): FileOperations | number {
    const inode = file.inode;
    if ((inode.mode & S_IFMT) !== S_IFCHR) return -Errno.ENXIO;
    const device = this.devices.get(inode.rdev);
    return device ? device.open(file) : -Errno.ENXIO;
  }

  /**
   * The O_CREAT part of open_last_lookups: the last component is created when missing; a symbolic link there is
   * followed (unless O_EXCL or O_NOFOLLOW) and its target created if missing, as Linux does.
   */
  private lookupOrCreate(
    walker: PathWalker,
    at: Lookup,
    path: string,
    flags: number,
    mode: number,
  ): { target: VfsPath; created: boolean } | number {
    let base = at.base;
    let text = path;
    for (;;) {
      const parent = walker.lookupParent(base, text);
      if (typeof parent === 'number') return parent;
      if (parent.type !== 'normal') {
        const target = walker.finish(parent, 0);
        return typeof target === 'number' ? target : { target, created: false };
      }
      if (parent.trailingSlash) return -Errno.EISDIR;
      const child = walker.child(parent.dir, parent.last);
      if (typeof child === 'number') return child;
      if (child === null) {
        const target = this.createIn(parent.dir, parent.last, mode, at);
        return typeof target === 'number' ? target : { target, created: true };
      }
      if (!isLink(child.dentry.inode.mode) || flags & (O_NOFOLLOW | O_EXCL)) return { target: child, created: false };
      const counted = walker.countLink();
      if (counted) return counted;
      if (child.mount.nosymfollow) return -Errno.ELOOP;
      const jump = child.dentry.inode.magicLink(child.dentry);
      if (jump !== null) return typeof jump === 'number' ? jump : { target: jump, created: false };
      const link = child.dentry.inode.readlink(child.dentry);
      if (typeof link === 'number') return link;
      if (link === '') return -Errno.ENOENT;
      base = parent.dir;
      text = link;
    }
  }

  /** O_TMPFILE: an unnamed file in the directory `path`; linkable later unless O_EXCL. */
  private openTmpfile(walker: PathWalker, at: Lookup, path: string, flags: number, mode: number): OpenFile | number {
    const dir = walker.lookup(at.base, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
    if (typeof dir === 'number') return dir;
    if (dir.mount.readOnly) return -Errno.EROFS;
    const denied = checkPermission(dir.dentry.inode, MAY_WRITE | MAY_EXEC, at.cred);
    if (denied) return denied;
    const inode = dir.dentry.inode.tmpfile(dir.dentry, S_IFREG | (mode & S_IALLUGO & ~at.fs.umask), at.cred);
    if (typeof inode === 'number') return inode;
    if (!(flags & O_EXCL)) this.linkableTmpfiles.add(inode);
    const dentry = dir.dentry.instantiate(`#${inode.ino}`, inode);
    dir.dentry.drop(dentry);
    return this.openDentry({ mount: dir.mount, dentry }, flags & ~O_DIRECTORY);
  }
}

/** ACC_MODE plus the implied write for O_TRUNC and the append marker. */
function accessMask(flags: number): number {
  const mode = flags & O_ACCMODE;
  let mask = mode === O_RDONLY ? MAY_READ : mode === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
  if (flags & O_TRUNC) mask |= MAY_WRITE;
  if (flags & O_APPEND) mask |= MAY_APPEND;
  return mask;
}

/** A directory that was removed while still in use: nothing may be created in it. */
export function isDeadDirectory(inode: Inode): boolean {
  return isDir(inode.mode) && inode.nlink === 0;
}

/** may_create after the existence check: a removed directory, then write and search permission on it. */
export function mayCreate(dir: Inode, cred: Credentials): number {
  if (isDeadDirectory(dir)) return -Errno.ENOENT;
  return checkPermission(dir, MAY_WRITE | MAY_EXEC, cred);
}

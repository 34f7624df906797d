import { Errno } from '../errno.js';
import type { Task } from '../Task.js';
import type { UserMemory } from '../UserMemory.js';
import { block, type SyscallResult, type WaitQueue } from '../WaitQueue.js';
import { changeMode, changeOwner, checkAccess, setTimes, type TimeUpdate, truncateInode, truncatePath } from '../vfs/attributes.js';
import { nameToBytes } from '../vfs/bytes.js';
import { type Credentials, ROOT_CREDENTIALS } from '../vfs/Credentials.js';
import { makeDirectory, makeLink, makeNode, makeSymlink, readSymlink, removeDirectory, removeFile, renameEntry } from '../vfs/entryOperations.js';
import { isDir, isLink, isReg, makeDev } from '../vfs/fileMode.js';
import { F_RDLCK, F_UNLCK, F_WRLCK, fileLocks } from '../vfs/FileLocks.js';
import { isWouldBlock, type PollState, type WouldBlock } from '../vfs/FileOperations.js';
import type { OpenFile } from '../vfs/OpenFile.js';
import {
  AT_EACCESS,
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_NO_AUTOMOUNT,
  AT_REMOVEDIR,
  AT_STATX_SYNC_TYPE,
  AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW,
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_GETLK,
  F_GETLK64,
  F_GETPIPE_SZ,
  F_OFD_GETLK,
  F_OFD_SETLK,
  F_OFD_SETLKW,
  F_SETFD,
  F_SETFL,
  F_SETLK,
  F_SETLK64,
  F_SETLKW,
  F_SETLKW64,
  F_SETPIPE_SZ,
  FASYNC,
  FD_CLOEXEC,
  MAX_FILE_SIZE,
  MAX_RW_COUNT,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECT,
  O_DIRECTORY,
  O_DSYNC,
  O_EXCL,
  O_LARGEFILE,
  O_NOATIME,
  O_NONBLOCK,
  O_PATH,
  O_PATH_FLAGS,
  O_SYNC_ONLY,
  O_TMPFILE_ONLY,
  O_ACCMODE,
  O_RDONLY,
  RENAME_EXCHANGE,
  RENAME_NOREPLACE,
  RENAME_WHITEOUT,
  SEEK_CUR,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
  SETFL_MASK,
  VALID_OPEN_FLAGS,
} from '../vfs/openFlags.js';
import { MNT_DETACH, MNT_EXPIRE, MNT_FORCE, UMOUNT_NOFOLLOW } from '../vfs/mountFlags.js';
import { mountAt, unmountAt } from '../vfs/mountOperations.js';
import { LOOKUP_DIRECTORY, LOOKUP_FOLLOW } from '../vfs/PathWalker.js';
import { isOwnerOrCapable, MAY_EXEC, checkPermission } from '../vfs/permission.js';
import { createPipe, pipeOf } from '../vfs/PipeFile.js';
import { DEFAULT_POLLMASK, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDNORM, POLLWRBAND, POLLWRNORM } from '../vfs/pollEvents.js';
import { Dirent64Writer, readDirectory } from '../vfs/readdir.js';
import { encodeStatfs64, STATFS64_SIZE } from '../vfs/statfs.js';
import { encodeStatx, STATX__RESERVED } from '../vfs/statx.js';
import { readUserPath, userBuffer } from '../vfs/userAccess.js';
import type { Lookup, Vfs } from '../vfs/Vfs.js';
import type { VfsPath } from '../vfs/VfsPath.js';
import type { SyscallContext, SyscallTable } from './types.js';

/**
 * What the file syscalls need from the kernel. `credentials` defaults to root (uClinux systems run as root);
 * `useTemporarySignalMask` is ppoll's set_user_sigmask: install the mask now, restore the old one when the syscall
 * completes (after delivering a signal that interrupted it).
 */
export interface FsKernel {
  readonly vfs: Vfs;
  credentials?(task: Task): Credentials;
  useTemporarySignalMask?(task: Task, low: number, high: number): void;
}

function kernelOf(ctx: SyscallContext): FsKernel {
  return ctx.kernel;
}

function credentialsOf(ctx: SyscallContext): Credentials {
  return kernelOf(ctx).credentials?.(ctx.task) ?? ROOT_CREDENTIALS;
}

function vfsOf(ctx: SyscallContext): Vfs {
  return kernelOf(ctx).vfs;
}

/** ioctls the VFS answers for every file (do_vfs_ioctl). */
const FIONBIO = 0x5421;
const FIONREAD = 0x541b;
const FIONCLEX = 0x5450;
const FIOCLEX = 0x5451;
const FIOASYNC = 0x5452;
const FIOQSIZE = 0x5460;
/** pipe2's O_NOTIFICATION_PIPE needs CONFIG_WATCH_QUEUE, which this kernel does not have: ENOPKG. */
const O_NOTIFICATION_PIPE = O_EXCL;
const ENOPKG = 65;
/** readv/writev accept at most this many segments (UIO_MAXIOV). */
const UIO_MAXIOV = 1024;
/** UTIME_NOW and UTIME_OMIT in a timespec's tv_nsec. */
const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;
/** sizeof(sigset_t) for ppoll's sigsetsize. */
const SIGSET_SIZE = 8;
/** How much sendfile moves per step through its bounce buffer. */
const SENDFILE_CHUNK = 64 * 1024;

/** A 64-bit syscall argument passed in two registers, low word first (rv32 does not align register pairs). */
function pair(low: number, high: number): number {
  return high * 2 ** 32 + (low >>> 0);
}

/** fdget: an open descriptor usable for I/O (not O_PATH), or -EBADF. */
function fileOf(ctx: SyscallContext, fd: number): OpenFile | number {
  const file = ctx.task.files.get(fd);
  return file && !file.pathOnly ? file : -Errno.EBADF;
}

/** fdget_raw: any open descriptor, O_PATH ones included, or -EBADF. */
function rawFileOf(ctx: SyscallContext, fd: number): OpenFile | number {
  return ctx.task.files.get(fd) ?? -Errno.EBADF;
}

/**
 * path_init: where `path` starts. An absolute path ignores dirfd entirely; otherwise dirfd is AT_FDCWD or an
 * open descriptor (O_PATH ones too) that must be a directory unless the path is empty (AT_EMPTY_PATH).
 */
function lookupAt(ctx: SyscallContext, dirfd: number, path: string): Lookup | number {
  const fs = ctx.task.fs;
  const cred = credentialsOf(ctx);
  if (path.startsWith('/') || dirfd === AT_FDCWD) return { fs, cred, base: fs.cwd };
  const file = rawFileOf(ctx, dirfd);
  if (typeof file === 'number') return file;
  if (path !== '' && !isDir(file.inode.mode)) return -Errno.ENOTDIR;
  return { fs, cred, base: file.path };
}

/** user_path_at: reads the path and resolves it; `allowEmpty` is LOOKUP_EMPTY (AT_EMPTY_PATH). */
function resolveAt(ctx: SyscallContext, dirfd: number, pathAddr: number, flags: number, allowEmpty = false): VfsPath | number {
  const path = readUserPath(ctx.mem, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '' && !allowEmpty) return -Errno.ENOENT;
  const at = lookupAt(ctx, dirfd, path);
  if (typeof at === 'number') return at;
  return vfsOf(ctx).resolve(at, path, flags, allowEmpty);
}

/** getname for the path-creating syscalls: a non-empty path and where it starts. */
function namedAt(ctx: SyscallContext, dirfd: number, pathAddr: number): { at: Lookup; path: string } | number {
  const path = readUserPath(ctx.mem, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '') return -Errno.ENOENT;
  const at = lookupAt(ctx, dirfd, path);
  return typeof at === 'number' ? at : { at, path };
}

/** Waits (or fails with EAGAIN) when a file operation would block, retrying `attempt` when woken. */
function blockOrRetry(ctx: SyscallContext, file: OpenFile, pending: WouldBlock, attempt: () => SyscallResult): SyscallResult {
  if (file.nonBlocking) return -Errno.EAGAIN;
  const deadline = pending.timeout === undefined ? undefined : ctx.kernel.deadlineAfter(pending.timeout);
  return block(pending.wouldBlock, attempt, { deadline, onTimeout: pending.onTimeout });
}

/** The byte count of a read or write, clamped as rw_verify_area does; the count register is a size_t. */
function transferCount(count: number): number {
  return Math.min(count >>> 0, MAX_RW_COUNT);
}

/** vfs_read into user memory at the file position (or at `position` for pread). */
function readInto(ctx: SyscallContext, file: OpenFile, addr: number, count: number, position?: number): SyscallResult {
  if (!file.readable) return -Errno.EBADF;
  count = transferCount(count);
  if ((addr >>> 0) + count > 2 ** 32) return -Errno.EFAULT;
  const attempt = (): SyscallResult => {
    const into = userBuffer(ctx.mem, addr, count, true);
    if (typeof into === 'number') return into;
    const result = transferPinned(ctx, file, addr, into, true, (part) =>
      position === undefined ? file.read(part) : file.readAt(part, position),
    );
    return isWouldBlock(result) ? blockOrRetry(ctx, file, result, attempt) : result;
  };
  return attempt();
}

/**
 * Runs `transfer` on the user buffer `view` of [addr, addr+view.length). A file that moves data straight between
 * its device and user pages has them pinned meanwhile; a pin that stops short (a page outside the process's
 * areas, or device memory) shortens the transfer, as with any fault in the middle of a user buffer.
 */
function transferPinned(
  ctx: SyscallContext,
  file: OpenFile,
  addr: number,
  view: Uint8Array,
  deviceWrites: boolean,
  transfer: (part: Uint8Array) => number | WouldBlock,
): number | WouldBlock {
  if (!file.pinsUserPages || view.length === 0) return transfer(view);
  const { pins } = ctx.kernel;
  const pinned = pins.pinUserPages(ctx.task.mm, addr, view.length, deviceWrites);
  // userBuffer let the caller reach every byte, so a buffer with no page to pin starts in device memory (a
  // mapping of a device): that is copied unpinned, as Linux's drivers copy such a buffer (copy_from_user).
  if (typeof pinned === 'number') return transfer(view);
  try {
    return transfer(view.subarray(0, pinned.end - pinned.start));
  } finally {
    pins.unpinUserPages(pinned);
  }
}

/** How one write call of writeFrom is made: `write` on `data` (or part of it), `done` bytes into the transfer. */
type Around = (done: number, data: Uint8Array, write: (part: Uint8Array) => number | WouldBlock) => number | WouldBlock;

/**
 * vfs_write of `count` bytes that `source(done)` yields from offset `done` on. Streams (pipes, terminals) take
 * everything, waiting for room as needed; a file system write is one call that may be short.
 */
function writeFrom(
  file: OpenFile,
  count: number,
  source: (done: number) => Uint8Array | number,
  position?: number,
  around: Around = (_done, data, write) => write(data),
): SyscallResult {
  if (!file.writable) return -Errno.EBADF;
  let done = 0;
  const attempt = (): SyscallResult => {
    for (;;) {
      const data = source(done);
      if (typeof data === 'number') return done || data;
      const result = around(done, data, (part) => (position === undefined ? file.write(part) : file.writeAt(part, position + done)));
      if (isWouldBlock(result)) return file.nonBlocking ? done || -Errno.EAGAIN : block(result.wouldBlock, attempt);
      if (result < 0) return done || result;
      done += result;
      if (!file.stream || done >= count || result === 0) return done;
    }
  };
  return count === 0 ? 0 : attempt();
}

function writeUser(ctx: SyscallContext, file: OpenFile, addr: number, count: number, position?: number): SyscallResult {
  count = transferCount(count);
  if ((addr >>> 0) + count > 2 ** 32) return file.writable ? -Errno.EFAULT : -Errno.EBADF;
  return writeFrom(
    file,
    count,
    (done) => userBuffer(ctx.mem, addr + done, count - done, false),
    position,
    (done, data, write) => transferPinned(ctx, file, addr + done, data, false, write),
  );
}

/** import_iovec: the (base, length) segments of a struct iovec array, lengths clamped to MAX_RW_COUNT in total. */
function readIovec(mem: UserMemory, addr: number, count: number): [number, number][] | number {
  if (count >>> 0 > UIO_MAXIOV) return -Errno.EINVAL;
  const segments: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const base = mem.read32(addr + 8 * i);
    const length = mem.read32(addr + 8 * i + 4);
    if (base === undefined || length === undefined) return -Errno.EFAULT;
    if (length < 0) return -Errno.EINVAL;
    const clamped = Math.min(length, MAX_RW_COUNT - total);
    if ((base >>> 0) + clamped > 2 ** 32) return -Errno.EFAULT;
    segments.push([base >>> 0, clamped]);
    total += clamped;
  }
  return segments;
}

function readv(ctx: SyscallContext, fd: number, iov: number, count: number): SyscallResult {
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  const segments = readIovec(ctx.mem, iov, count);
  if (typeof segments === 'number') return segments;
  if (!file.readable) return -Errno.EBADF;
  let done = 0;
  const attempt = (): SyscallResult => {
    for (const [base, length] of segments) {
      if (length === 0) continue;
      const into = userBuffer(ctx.mem, base, length, true);
      if (typeof into === 'number') return done || into;
      const result = transferPinned(ctx, file, base, into, true, (part) => file.read(part));
      if (isWouldBlock(result)) return done > 0 ? done : blockOrRetry(ctx, file, result, attempt);
      if (result < 0) return done || result;
      done += result;
      if (result < length) break;
    }
    return done;
  };
  return attempt();
}

/** writev: the segments are gathered first, so a small writev to a pipe is one atomic write like in Linux. */
function writev(ctx: SyscallContext, fd: number, iov: number, count: number): SyscallResult {
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  const segments = readIovec(ctx.mem, iov, count);
  if (typeof segments === 'number') return segments;
  if (!file.writable) return -Errno.EBADF;
  const parts: Uint8Array[] = [];
  for (const [base, length] of segments) {
    if (length === 0) continue;
    const part = userBuffer(ctx.mem, base, length, false);
    if (typeof part === 'number') break;
    parts.push(part);
    if (part.length < length) break;
  }
  const total = segments.reduce((sum, [, length]) => sum + length, 0);
  if (total > 0 && parts.length === 0) return -Errno.EFAULT;
  const gathered = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    gathered.set(part, offset);
    offset += part.length;
  }
  return writeFrom(file, gathered.length, (done) => gathered.subarray(done));
}

/** ksys_pread64/pwrite64: negative offsets first, then the descriptor, then streams (ESPIPE). */
function positioned(ctx: SyscallContext, fd: number, position: number): OpenFile | number {
  if (position < 0) return -Errno.EINVAL;
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  return file.stream ? -Errno.ESPIPE : file;
}

function openat(ctx: SyscallContext, dirfd: number, pathAddr: number, rawFlags: number, rawMode: number): SyscallResult {
  // build_open_how and build_open_flags: unknown flags are dropped, the mode matters only when creating.
  let flags = (rawFlags & VALID_OPEN_FLAGS) | O_LARGEFILE;
  if (flags & O_PATH) flags &= O_PATH_FLAGS;
  const creating = (flags & (O_CREAT | O_TMPFILE_ONLY)) !== 0;
  const mode = creating ? rawMode & 0o7777 : 0;
  if (flags & O_TMPFILE_ONLY) {
    if ((flags & (O_TMPFILE_ONLY | O_DIRECTORY | O_CREAT)) !== (O_TMPFILE_ONLY | O_DIRECTORY)) return -Errno.EINVAL;
    if ((flags & O_ACCMODE) === O_RDONLY) return -Errno.EINVAL;
  }
  if (flags & O_SYNC_ONLY) flags |= O_DSYNC;
  const path = readUserPath(ctx.mem, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '') return -Errno.ENOENT;
  if (!ctx.task.files.hasFree()) return -Errno.EMFILE;
  const at = lookupAt(ctx, dirfd, path);
  if (typeof at === 'number') return at;
  const file = vfsOf(ctx).open(at, path, flags, mode);
  if (typeof file === 'number') return file;
  return install(ctx, file, (flags & O_CLOEXEC) !== 0);
}

/** Puts a new open file in the lowest free descriptor, dropping it if there is none. */
function install(ctx: SyscallContext, file: OpenFile, closeOnExec: boolean, minFd = 0): number {
  const fd = ctx.task.files.allocate(file, closeOnExec, minFd);
  if (fd < 0) file.release();
  return fd;
}

function dup(ctx: SyscallContext, fd: number): SyscallResult {
  const file = rawFileOf(ctx, fd);
  if (typeof file === 'number') return file;
  return install(ctx, file.hold(), false);
}

function dup3(ctx: SyscallContext, oldFd: number, newFd: number, flags: number): SyscallResult {
  if (flags & ~O_CLOEXEC) return -Errno.EINVAL;
  if (oldFd === newFd) return -Errno.EINVAL;
  const files = ctx.task.files;
  if (newFd >>> 0 >= files.limit) return -Errno.EBADF;
  const file = rawFileOf(ctx, oldFd);
  if (typeof file === 'number') return file;
  files.installAt(newFd, file.hold(), (flags & O_CLOEXEC) !== 0);
  return newFd;
}

function fcntl64(ctx: SyscallContext, fd: number, command: number, arg: number): SyscallResult {
  const file = rawFileOf(ctx, fd);
  if (typeof file === 'number') return file;
  // O_PATH descriptors only know the descriptor-level commands (check_fcntl_cmd).
  if (file.pathOnly && ![F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL].includes(command)) return -Errno.EBADF;
  const files = ctx.task.files;
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg >>> 0 >= files.limit) return -Errno.EINVAL;
      return install(ctx, file.hold(), command === F_DUPFD_CLOEXEC, arg);
    case F_GETFD:
      return files.isCloseOnExec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
      files.setCloseOnExec(fd, (arg & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      return file.flags;
    case F_SETFL:
      return setStatusFlags(ctx, file, arg);
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_GETLK64:
    case F_SETLK64:
    case F_SETLKW64:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return recordLock(ctx, file, command, arg);
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ: {
      const pipe = pipeOf(file);
      if (!pipe) return -Errno.EBADF;
      return command === F_GETPIPE_SZ ? pipe.size : pipe.resize(arg >>> 0);
    }
    default:
      return -Errno.EINVAL;
  }
}

/** The fields of struct flock (32-bit offsets) or struct flock64 (rv32: 64-bit offsets at 8 and 16). */
interface Flock {
  type: number;
  whence: number;
  start: number;
  len: number;
  pid: number;
}

function readFlock(mem: UserMemory, addr: number, wide: boolean): Flock | undefined {
  const bytes = mem.copyIn(addr, wide ? 32 : 16);
  if (typeof bytes === 'number') return undefined;
  const view = new DataView(bytes.buffer);
  const [type, whence] = [view.getInt16(0, true), view.getInt16(2, true)];
  if (!wide) return { type, whence, start: view.getInt32(4, true), len: view.getInt32(8, true), pid: view.getInt32(12, true) };
  return { type, whence, start: Number(view.getBigInt64(8, true)), len: Number(view.getBigInt64(16, true)), pid: view.getInt32(24, true) };
}

function writeFlock(mem: UserMemory, addr: number, wide: boolean, flock: Flock): number {
  const bytes = new Uint8Array(wide ? 32 : 16);
  const view = new DataView(bytes.buffer);
  view.setInt16(0, flock.type, true);
  view.setInt16(2, flock.whence, true);
  if (wide) {
    view.setBigInt64(8, BigInt(flock.start), true);
    view.setBigInt64(16, BigInt(flock.len), true);
    view.setInt32(24, flock.pid, true);
  } else {
    view.setInt32(4, flock.start, true);
    view.setInt32(8, flock.len, true);
    view.setInt32(12, flock.pid, true);
  }
  return mem.copyOut(addr, bytes);
}

/** flock_to_posix_lock: the byte range [start, end] a struct flock names (a negative length reaches back). */
function lockRange(file: OpenFile, flock: Flock): { start: number; end: number } | number {
  const base = flock.whence === SEEK_SET ? 0 : flock.whence === SEEK_CUR ? file.position : flock.whence === SEEK_END ? file.inode.size : -1;
  if (base < 0) return -Errno.EINVAL;
  let start = base + flock.start;
  let end = flock.len > 0 ? start + flock.len - 1 : flock.len < 0 ? start - 1 : Infinity;
  if (flock.len < 0) start += flock.len;
  if (start < 0) return -Errno.EINVAL;
  if (end > MAX_FILE_SIZE && end !== Infinity) end = Infinity;
  return { start, end };
}

/**
 * The record-lock commands: POSIX locks belong to the process's descriptor table (dropped when it closes any
 * descriptor of the file), OFD locks to the open file description; F_*SETLKW waits, refusing deadlocks.
 */
function recordLock(ctx: SyscallContext, file: OpenFile, command: number, arg: number): SyscallResult {
  const wide = command >= F_GETLK64;
  const ofd = command >= F_OFD_GETLK;
  const flock = readFlock(ctx.mem, arg, wide);
  if (!flock) return -Errno.EFAULT;
  if (ofd && flock.pid !== 0) return -Errno.EINVAL;
  const range = lockRange(file, flock);
  if (typeof range === 'number') return range;
  const owner = ofd ? file : ctx.task.files;
  const pid = ofd ? -1 : ctx.task.tgid;
  const { type } = flock;
  if (command === F_GETLK || command === F_GETLK64 || command === F_OFD_GETLK) {
    if (type !== F_RDLCK && type !== F_WRLCK) return -Errno.EINVAL;
    const held = fileLocks.conflict(file.inode, { type, ...range, owner, pid });
    if (!held) return writeFlock(ctx.mem, arg, wide, { ...flock, type: F_UNLCK });
    const len = held.end === Infinity ? 0 : held.end - held.start + 1;
    if (!wide && (held.start > 0x7fffffff || len > 0x7fffffff)) return -Errno.EOVERFLOW;
    return writeFlock(ctx.mem, arg, wide, { type: held.type, whence: SEEK_SET, start: held.start, len, pid: held.pid });
  }
  if (type !== F_RDLCK && type !== F_WRLCK && type !== F_UNLCK) return -Errno.EINVAL;
  if ((type === F_RDLCK && !file.readable) || (type === F_WRLCK && !file.writable)) return -Errno.EBADF;
  const wait = command === F_SETLKW || command === F_SETLKW64 || command === F_OFD_SETLKW;
  const attempt = (): SyscallResult => {
    if (type !== F_UNLCK) {
      const held = fileLocks.conflict(file.inode, { type, ...range, owner, pid });
      if (held) {
        if (!wait) return -Errno.EAGAIN;
        if (!ofd && fileLocks.wouldDeadlock(owner, held.owner)) return -Errno.EDEADLK;
        return block(fileLocks.queue(file.inode), attempt);
      }
    }
    fileLocks.apply(file.inode, owner, pid, type, range.start, range.end);
    return 0;
  };
  return attempt();
}

/** setfl: only the SETFL_MASK flags change; O_NOATIME needs ownership, O_DIRECT a file that can do it. */
function setStatusFlags(ctx: SyscallContext, file: OpenFile, arg: number): number {
  if (arg & O_NOATIME && !(file.flags & O_NOATIME) && !isOwnerOrCapable(file.inode, credentialsOf(ctx))) return -Errno.EPERM;
  if (arg & O_DIRECT && !pipeOf(file)) return -Errno.EINVAL;
  // No file here supports SIGIO; FASYNC stays as it was (fasync would set it).
  file.flags = (arg & SETFL_MASK & ~FASYNC) | (file.flags & ~(SETFL_MASK & ~FASYNC));
  return 0;
}

function ioctl(ctx: SyscallContext, fd: number, request: number, arg: number): SyscallResult {
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  const inode = file.inode;
  switch (request >>> 0) {
    case FIOCLEX:
    case FIONCLEX:
      ctx.task.files.setCloseOnExec(fd, request === FIOCLEX);
      return 0;
    case FIONBIO: {
      const on = ctx.mem.read32(arg);
      if (on === undefined) return -Errno.EFAULT;
      file.flags = on ? file.flags | O_NONBLOCK : file.flags & ~O_NONBLOCK;
      return 0;
    }
    case FIOASYNC: {
      const on = ctx.mem.read32(arg);
      if (on === undefined) return -Errno.EFAULT;
      return (on !== 0) !== ((file.flags & FASYNC) !== 0) ? -Errno.ENOTTY : 0;
    }
    case FIOQSIZE:
      if (!isDir(inode.mode) && !isReg(inode.mode) && !isLink(inode.mode)) return -Errno.ENOTTY;
      return ctx.mem.write64(arg, inode.size);
    case FIONREAD:
      if (isReg(inode.mode)) return ctx.mem.write32(arg, inode.size - file.position);
      break;
  }
  return file.ops.ioctl ? file.ops.ioctl(file, request >>> 0, arg, ctx.mem) : -Errno.ENOTTY;
}

function llseek(ctx: SyscallContext, fd: number, high: number, low: number, resultAddr: number, whence: number): SyscallResult {
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  if (whence >>> 0 > SEEK_HOLE) return -Errno.EINVAL;
  const position = file.seek(pair(low, high), whence);
  if (position < 0) return position;
  return ctx.mem.write64(resultAddr, position);
}

function statx(ctx: SyscallContext, dirfd: number, pathAddr: number, flags: number, mask: number, buffer: number): SyscallResult {
  // Linux 6.1 copies the name first but reports its errors only after these checks (do_statx, vfs_statx).
  if (mask & STATX__RESERVED) return -Errno.EINVAL;
  if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) return -Errno.EINVAL;
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) return -Errno.EINVAL;
  const target = resolveAt(ctx, dirfd, pathAddr, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof target === 'number') return target;
  const refreshed = target.dentry.inode.refresh(target.dentry);
  if (refreshed) return refreshed;
  return ctx.mem.copyOut(buffer, encodeStatx(target));
}

function getdents64(ctx: SyscallContext, fd: number, buffer: number, count: number): SyscallResult {
  if ((buffer >>> 0) + (count >>> 0) > 2 ** 32) return -Errno.EFAULT;
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  const into = userBuffer(ctx.mem, buffer, Math.min(count >>> 0, MAX_RW_COUNT), true);
  if (typeof into === 'number') return count === 0 ? -Errno.EINVAL : into;
  const writer = new Dirent64Writer(into);
  let tooSmall = false;
  const error = readDirectory(file, (name, ino, type, next) => {
    if (writer.add(name, ino, next, type)) return true;
    tooSmall = writer.length === 0;
    return false;
  });
  if (error) return error;
  return tooSmall ? -Errno.EINVAL : writer.length;
}

function pipe2(ctx: SyscallContext, fdsAddr: number, flags: number): SyscallResult {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_NOTIFICATION_PIPE)) return -Errno.EINVAL;
  if (flags & O_NOTIFICATION_PIPE) return -ENOPKG;
  const files = ctx.task.files;
  if (!files.hasFree(2)) return -Errno.EMFILE;
  const [reader, writer] = createPipe(vfsOf(ctx).pipeFs, credentialsOf(ctx), flags);
  const closeOnExec = (flags & O_CLOEXEC) !== 0;
  const readFd = files.allocate(reader, closeOnExec);
  const writeFd = files.allocate(writer, closeOnExec);
  const fds = new Uint8Array(new Int32Array([readFd, writeFd]).buffer);
  const copied = ctx.mem.copyOut(fdsAddr, fds);
  if (copied) {
    files.close(readFd);
    files.close(writeFd);
  }
  return copied;
}

function mkdirat(ctx: SyscallContext, dirfd: number, pathAddr: number, mode: number): SyscallResult {
  const named = namedAt(ctx, dirfd, pathAddr);
  if (typeof named === 'number') return named;
  return makeDirectory(vfsOf(ctx), named.at, named.path, mode);
}

function mknodat(ctx: SyscallContext, dirfd: number, pathAddr: number, mode: number, dev: number): SyscallResult {
  const named = namedAt(ctx, dirfd, pathAddr);
  if (typeof named === 'number') return named;
  // new_decode_dev: the 32-bit dev_t of the ABI holds a 12-bit major and a 20-bit minor, interleaved.
  const major = (dev & 0xfff00) >>> 8;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return makeNode(vfsOf(ctx), named.at, named.path, mode & 0xffff, makeDev(major, minor));
}

function unlinkat(ctx: SyscallContext, dirfd: number, pathAddr: number, flags: number): SyscallResult {
  if (flags & ~AT_REMOVEDIR) return -Errno.EINVAL;
  const named = namedAt(ctx, dirfd, pathAddr);
  if (typeof named === 'number') return named;
  const remove = flags & AT_REMOVEDIR ? removeDirectory : removeFile;
  return remove(vfsOf(ctx), named.at, named.path);
}

function symlinkat(ctx: SyscallContext, targetAddr: number, dirfd: number, pathAddr: number): SyscallResult {
  const target = readUserPath(ctx.mem, targetAddr);
  if (typeof target === 'number') return target;
  if (target === '') return -Errno.ENOENT;
  const named = namedAt(ctx, dirfd, pathAddr);
  if (typeof named === 'number') return named;
  return makeSymlink(vfsOf(ctx), named.at, target, named.path);
}

function linkat(ctx: SyscallContext, oldDirfd: number, oldAddr: number, newDirfd: number, newAddr: number, flags: number): SyscallResult {
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -Errno.EINVAL;
  // Linking an open file by descriptor needs CAP_DAC_READ_SEARCH.
  if (flags & AT_EMPTY_PATH && credentialsOf(ctx).uid !== 0) return -Errno.ENOENT;
  const old = resolveAt(ctx, oldDirfd, oldAddr, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof old === 'number') return old;
  const named = namedAt(ctx, newDirfd, newAddr);
  if (typeof named === 'number') return named;
  return makeLink(vfsOf(ctx), old, named.at, named.path);
}

function renameat2(ctx: SyscallContext, oldDirfd: number, oldAddr: number, newDirfd: number, newAddr: number, flags: number): SyscallResult {
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) return -Errno.EINVAL;
  if (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT) && flags & RENAME_EXCHANGE) return -Errno.EINVAL;
  const from = namedAt(ctx, oldDirfd, oldAddr);
  if (typeof from === 'number') return from;
  const to = namedAt(ctx, newDirfd, newAddr);
  if (typeof to === 'number') return to;
  return renameEntry(vfsOf(ctx), from.at, from.path, to.at, to.path, flags);
}

function readlinkat(ctx: SyscallContext, dirfd: number, pathAddr: number, buffer: number, size: number): SyscallResult {
  if (size <= 0) return -Errno.EINVAL;
  const path = readUserPath(ctx.mem, pathAddr);
  if (typeof path === 'number') return path;
  const at = lookupAt(ctx, dirfd, path);
  if (typeof at === 'number') return at;
  const target = readSymlink(vfsOf(ctx), at, path);
  if (typeof target === 'number') return target;
  const bytes = nameToBytes(target).subarray(0, size);
  return ctx.mem.copyOut(buffer, bytes) || bytes.length;
}

function faccessat2(ctx: SyscallContext, dirfd: number, pathAddr: number, mode: number, flags: number): SyscallResult {
  if (mode & ~7) return -Errno.EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -Errno.EINVAL;
  const target = resolveAt(ctx, dirfd, pathAddr, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof target === 'number') return target;
  return checkAccess(target, mode, credentialsOf(ctx));
}

function changeDirectory(ctx: SyscallContext, target: VfsPath): number {
  if (!isDir(target.dentry.inode.mode)) return -Errno.ENOTDIR;
  const denied = checkPermission(target.dentry.inode, MAY_EXEC, credentialsOf(ctx));
  if (denied) return denied;
  ctx.task.fs.setCwd(target);
  return 0;
}

function getcwd(ctx: SyscallContext, buffer: number, size: number): SyscallResult {
  const fs = ctx.task.fs;
  if (fs.cwd.dentry.unlinked) return -Errno.ENOENT;
  const { name, reachable } = vfsOf(ctx).pathName(fs.cwd, fs.root);
  const bytes = nameToBytes(`${reachable ? '' : '(unreachable)'}${name}\0`);
  if (bytes.length > 4096) return -Errno.ENAMETOOLONG;
  if (bytes.length > size >>> 0) return -Errno.ERANGE;
  return ctx.mem.copyOut(buffer, bytes) || bytes.length;
}

function ftruncate64(ctx: SyscallContext, fd: number, low: number, high: number): SyscallResult {
  const length = pair(low, high);
  if (length < 0) return -Errno.EINVAL;
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  if (!isReg(file.inode.mode) || !file.writable) return -Errno.EINVAL;
  return truncateInode(file.path, length, true);
}

function truncate64(ctx: SyscallContext, pathAddr: number, low: number, high: number): SyscallResult {
  const length = pair(low, high);
  if (length < 0) return -Errno.EINVAL;
  const target = resolveAt(ctx, AT_FDCWD, pathAddr, LOOKUP_FOLLOW);
  if (typeof target === 'number') return target;
  return truncatePath(target, length, credentialsOf(ctx));
}

function fchownat(ctx: SyscallContext, dirfd: number, pathAddr: number, uid: number, gid: number, flags: number): SyscallResult {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -Errno.EINVAL;
  const target = resolveAt(ctx, dirfd, pathAddr, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof target === 'number') return target;
  return changeOwner(target, uid, gid, credentialsOf(ctx));
}

/** A struct __kernel_timespec of utimensat; a 32-bit kernel keeps only the low word of tv_nsec. */
function readTimespec(mem: UserMemory, addr: number): { sec: number; nsec: number } | undefined {
  const sec = mem.read64(addr);
  const nsec = mem.read32(addr + 8);
  if (sec === undefined || nsec === undefined) return undefined;
  return { sec: sec >= 2 ** 63 ? sec - 2 ** 64 : sec, nsec };
}

/** nsec_valid and the UTIME_NOW / UTIME_OMIT markers. */
function timeUpdate(time: { sec: number; nsec: number }): TimeUpdate | number {
  if (time.nsec === UTIME_NOW) return 'now';
  if (time.nsec === UTIME_OMIT) return 'omit';
  return time.nsec < 0 || time.nsec > 999_999_999 ? -Errno.EINVAL : time;
}

function utimensat(ctx: SyscallContext, dirfd: number, pathAddr: number, timesAddr: number, flags: number): SyscallResult {
  let raw: [{ sec: number; nsec: number }, { sec: number; nsec: number }] | null = null;
  if (timesAddr !== 0) {
    const atime = readTimespec(ctx.mem, timesAddr);
    const mtime = readTimespec(ctx.mem, timesAddr + 16);
    if (!atime || !mtime) return -Errno.EFAULT;
    raw = [atime, mtime];
  }
  let target: VfsPath | number;
  if (pathAddr === 0 && dirfd !== AT_FDCWD) {
    if (flags) return -Errno.EINVAL;
    const file = fileOf(ctx, dirfd);
    if (typeof file === 'number') return file;
    target = file.path;
  } else {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -Errno.EINVAL;
    if (pathAddr === 0) return -Errno.EFAULT;
    target = resolveAt(ctx, dirfd, pathAddr, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, (flags & AT_EMPTY_PATH) !== 0);
    if (typeof target === 'number') return target;
  }
  // vfs_utimes checks the nanoseconds once the file is found.
  let times: [TimeUpdate, TimeUpdate] | null = null;
  if (raw) {
    const atime = timeUpdate(raw[0]);
    const mtime = timeUpdate(raw[1]);
    if (typeof atime === 'number') return atime;
    if (typeof mtime === 'number') return mtime;
    times = [atime, mtime];
  }
  return setTimes(target, times, credentialsOf(ctx));
}

function statfs64(ctx: SyscallContext, target: VfsPath | number, buffer: number): SyscallResult {
  if (typeof target === 'number') return target;
  const stats = target.mount.sb.statfs();
  if (typeof stats === 'number') return stats;
  return ctx.mem.copyOut(buffer, encodeStatfs64(stats, target));
}

function fsync(ctx: SyscallContext, fd: number): SyscallResult {
  const file = fileOf(ctx, fd);
  if (typeof file === 'number') return file;
  return file.ops.fsync ? file.ops.fsync(file) : -Errno.EINVAL;
}

function sendfile64(ctx: SyscallContext, outFd: number, inFd: number, offsetAddr: number, rawCount: number): SyscallResult {
  let position: number | undefined;
  if (offsetAddr !== 0) {
    position = ctx.mem.read64(offsetAddr);
    if (position === undefined) return -Errno.EFAULT;
    if (position >= 2 ** 63) position -= 2 ** 64;
  }
  const input = fileOf(ctx, inFd);
  if (typeof input === 'number') return input;
  if (!input.readable) return -Errno.EBADF;
  if (position !== undefined && input.stream) return -Errno.ESPIPE;
  let from = position ?? input.position;
  if (from < 0) return -Errno.EINVAL;
  const count = transferCount(rawCount);
  const output = fileOf(ctx, outFd);
  if (typeof output === 'number') return output;
  if (!output.writable) return -Errno.EBADF;
  // splice needs a file it can read at a position, and does not append.
  if (input.stream || (output.flags & O_APPEND && !pipeOf(output))) return -Errno.EINVAL;
  const bounce = new Uint8Array(Math.min(count, SENDFILE_CHUNK));
  let done = 0;
  let pending = new Uint8Array(0);
  const finish = (result: number): number => {
    if (position === undefined) input.position = from;
    else if (done > 0 || result >= 0) ctx.mem.write64(offsetAddr, from);
    return done || result;
  };
  const attempt = (): SyscallResult => {
    while (done < count) {
      if (pending.length === 0) {
        const read = input.readAt(bounce.subarray(0, Math.min(bounce.length, count - done)), from);
        if (isWouldBlock(read)) return finish(-Errno.EAGAIN);
        if (read <= 0) return finish(read);
        pending = bounce.subarray(0, read);
      }
      const written = output.write(pending);
      if (isWouldBlock(written)) return done > 0 || output.nonBlocking ? finish(-Errno.EAGAIN) : block(written.wouldBlock, attempt);
      if (written <= 0) return finish(written);
      done += written;
      from += written;
      pending = pending.subarray(written);
    }
    return finish(0);
  };
  return count === 0 ? finish(0) : attempt();
}

/** A poll or select timeout: none (wait forever), or a deadline on the kernel's clock and its length. */
interface Timeout {
  readonly deadline?: number;
  readonly milliseconds: number;
}

/** poll_select_set_timeout: a struct __kernel_timespec, or no timeout for a NULL pointer. */
function readTimeout(ctx: SyscallContext, addr: number): Timeout | number {
  if (addr === 0) return { milliseconds: Infinity };
  const time = readTimespec(ctx.mem, addr);
  if (!time) return -Errno.EFAULT;
  if (time.sec < 0 || time.nsec < 0 || time.nsec > 999_999_999) return -Errno.EINVAL;
  const milliseconds = time.sec * 1000 + time.nsec / 1e6;
  return { deadline: ctx.kernel.deadlineAfter(milliseconds), milliseconds };
}

/** poll_select_finish: tells the caller how much of its timeout is left. */
function writeRemaining(ctx: SyscallContext, addr: number, timeout: Timeout): void {
  if (timeout.deadline === undefined || timeout.milliseconds === 0) return;
  const left = ctx.kernel.timeLeft(timeout.deadline);
  const sec = Math.floor(left / 1000);
  ctx.mem.write64(addr, sec);
  ctx.mem.write64(addr + 8, Math.floor((left - sec * 1000) * 1e6));
}

/** set_user_sigmask: installs the caller's temporary signal mask (a NULL mask leaves the mask alone). */
function useSignalMask(ctx: SyscallContext, addr: number, size: number): number {
  if (addr === 0) return 0;
  if (size !== SIGSET_SIZE) return -Errno.EINVAL;
  const low = ctx.mem.read32(addr);
  const high = ctx.mem.read32(addr + 4);
  if (low === undefined || high === undefined) return -Errno.EFAULT;
  kernelOf(ctx).useTemporarySignalMask?.(ctx.task, low, high);
  return 0;
}

/** vfs_poll: what a file is ready for (always readable and writable without a poll method). */
function pollFile(file: OpenFile): PollState {
  return file.ops.poll?.(file) ?? { events: DEFAULT_POLLMASK, queues: [] };
}

/** ppoll_time64 over any files: regular files are always ready, the others say what they are ready for. */
function ppoll(ctx: SyscallContext, fdsAddr: number, count: number, timeoutAddr: number, sigmask: number, sigsetSize: number): SyscallResult {
  const timeout = readTimeout(ctx, timeoutAddr);
  if (typeof timeout === 'number') return timeout;
  const masked = useSignalMask(ctx, sigmask, sigsetSize);
  if (masked) return masked;
  if (count >>> 0 > ctx.task.files.limit) return -Errno.EINVAL;
  const entries = ctx.mem.copyIn(fdsAddr, 8 * count);
  if (typeof entries === 'number') return entries;
  const view = new DataView(entries.buffer);
  const finish = (ready: number): number => {
    const copied = ctx.mem.copyOut(fdsAddr, entries);
    if (copied) return copied;
    writeRemaining(ctx, timeoutAddr, timeout);
    return ready;
  };
  const attempt = (): SyscallResult => {
    let ready = 0;
    const queues = new Set<WaitQueue>();
    for (let i = 0; i < count; i++) {
      const fd = view.getInt32(8 * i, true);
      let revents = 0;
      if (fd >= 0) {
        const file = ctx.task.files.get(fd);
        if (!file || file.pathOnly) {
          revents = POLLNVAL;
        } else {
          const state = pollFile(file);
          revents = state.events & (view.getUint16(8 * i + 4, true) | POLLERR | POLLHUP);
          for (const queue of state.queues) queues.add(queue);
        }
      }
      view.setUint16(8 * i + 6, revents, true);
      if (revents) ready++;
    }
    if (ready > 0 || timeout.milliseconds === 0) return finish(ready);
    return block([...queues], attempt, { deadline: timeout.deadline, onTimeout: () => finish(0) });
  };
  return attempt();
}

/** The events that make select report a descriptor readable, writable, or exceptional. */
const POLLIN_SET = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR;
const POLLOUT_SET = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR;
const POLLEX_SET = POLLPRI;

/** pselect6_time64: fd_set bitmaps of 32-bit words; a descriptor that is not open in a set is EBADF. */
function pselect6(ctx: SyscallContext, count: number, readAddr: number, writeAddr: number, exceptAddr: number, timeoutAddr: number, maskAddr: number): SyscallResult {
  const timeout = readTimeout(ctx, timeoutAddr);
  if (typeof timeout === 'number') return timeout;
  if (maskAddr !== 0) {
    const pointer = ctx.mem.read32(maskAddr);
    const size = ctx.mem.read32(maskAddr + 4);
    if (pointer === undefined || size === undefined) return -Errno.EFAULT;
    const masked = useSignalMask(ctx, pointer, size);
    if (masked) return masked;
  }
  if (count < 0) return -Errno.EINVAL;
  const files = ctx.task.files;
  // The descriptor table's size (fdt->max_fds): 32 slots, doubled until it covers the highest open descriptor.
  let tableSize = 32;
  for (const [fd] of files.entries()) while (tableSize <= fd) tableSize *= 2;
  count = Math.min(count, tableSize);
  const words = Math.ceil(count / 32);
  const sets: (Uint32Array | null)[] = [];
  for (const addr of [readAddr, writeAddr, exceptAddr]) {
    if (addr === 0) {
      sets.push(null);
      continue;
    }
    const bytes = ctx.mem.copyIn(addr, 4 * words);
    if (typeof bytes === 'number') return bytes;
    sets.push(new Uint32Array(bytes.buffer));
  }
  const wanted = (set: number, fd: number): boolean => ((sets[set]?.[fd >>> 5] ?? 0) >>> (fd & 31)) & 1 ? true : false;
  for (let fd = 0; fd < count; fd++) {
    if ((wanted(0, fd) || wanted(1, fd) || wanted(2, fd)) && !files.get(fd)) return -Errno.EBADF;
  }
  const results = sets.map((set) => (set ? new Uint32Array(set.length) : null));
  const finish = (ready: number): number => {
    const addrs = [readAddr, writeAddr, exceptAddr];
    for (let i = 0; i < 3; i++) {
      const result = results[i];
      if (result && ctx.mem.copyOut(addrs[i], new Uint8Array(result.buffer))) return -Errno.EFAULT;
    }
    writeRemaining(ctx, timeoutAddr, timeout);
    return ready;
  };
  const attempt = (): SyscallResult => {
    let ready = 0;
    const queues = new Set<WaitQueue>();
    results.forEach((result) => result?.fill(0));
    for (let fd = 0; fd < count; fd++) {
      const file = files.get(fd);
      if (!file || file.pathOnly || !(wanted(0, fd) || wanted(1, fd) || wanted(2, fd))) continue;
      const state = pollFile(file);
      state.queues.forEach((queue) => queues.add(queue));
      [POLLIN_SET, POLLOUT_SET, POLLEX_SET].forEach((events, set) => {
        if (wanted(set, fd) && state.events & events) {
          results[set]![fd >>> 5] |= 1 << (fd & 31);
          ready++;
        }
      });
    }
    if (ready > 0 || timeout.milliseconds === 0) return finish(ready);
    return block([...queues], attempt, { deadline: timeout.deadline, onTimeout: () => finish(0) });
  };
  return attempt();
}

export const fsSyscalls: SyscallTable = {
  17: getcwd,
  23: dup,
  24: dup3,
  25: fcntl64,
  29: ioctl,
  33: mknodat,
  34: mkdirat,
  35: unlinkat,
  36: symlinkat,
  37: linkat,
  39: umount2,
  40: mount,
  43: (ctx, pathAddr, size, buffer) =>
    size >>> 0 !== STATFS64_SIZE ? -Errno.EINVAL : statfs64(ctx, resolveAt(ctx, AT_FDCWD, pathAddr, LOOKUP_FOLLOW), buffer),
  44: (ctx, fd, size, buffer) => (size >>> 0 !== STATFS64_SIZE ? -Errno.EINVAL : statfs64(ctx, pathOfFd(ctx, fd), buffer)),
  45: truncate64,
  46: ftruncate64,
  48: (ctx, dirfd, pathAddr, mode) => faccessat2(ctx, dirfd, pathAddr, mode, 0),
  49: (ctx, pathAddr) => {
    const target = resolveAt(ctx, AT_FDCWD, pathAddr, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
    return typeof target === 'number' ? target : changeDirectory(ctx, target);
  },
  50: (ctx, fd) => {
    const file = rawFileOf(ctx, fd);
    return typeof file === 'number' ? file : changeDirectory(ctx, file.path);
  },
  52: (ctx, fd, mode) => {
    const file = fileOf(ctx, fd);
    return typeof file === 'number' ? file : changeMode(file.path, mode, credentialsOf(ctx));
  },
  53: (ctx, dirfd, pathAddr, mode) => {
    const target = resolveAt(ctx, dirfd, pathAddr, LOOKUP_FOLLOW);
    return typeof target === 'number' ? target : changeMode(target, mode, credentialsOf(ctx));
  },
  54: fchownat,
  55: (ctx, fd, uid, gid) => {
    const file = fileOf(ctx, fd);
    return typeof file === 'number' ? file : changeOwner(file.path, uid, gid, credentialsOf(ctx));
  },
  56: openat,
  57: (ctx, fd) => ctx.task.files.close(fd),
  59: pipe2,
  61: getdents64,
  62: llseek,
  63: (ctx, fd, buffer, count) => {
    const file = fileOf(ctx, fd);
    return typeof file === 'number' ? file : readInto(ctx, file, buffer, count);
  },
  64: (ctx, fd, buffer, count) => {
    const file = fileOf(ctx, fd);
    return typeof file === 'number' ? file : writeUser(ctx, file, buffer, count);
  },
  65: readv,
  66: writev,
  67: (ctx, fd, buffer, count, low, high) => {
    const file = positioned(ctx, fd, pair(low, high));
    return typeof file === 'number' ? file : readInto(ctx, file, buffer, count, pair(low, high));
  },
  68: (ctx, fd, buffer, count, low, high) => {
    const file = positioned(ctx, fd, pair(low, high));
    return typeof file === 'number' ? file : writeUser(ctx, file, buffer, count, pair(low, high));
  },
  71: sendfile64,
  78: readlinkat,
  81: () => 0,
  82: fsync,
  83: fsync,
  166: (ctx, mask) => {
    const fs = ctx.task.fs;
    const old = fs.umask;
    fs.umask = mask & 0o777;
    return old;
  },
  276: renameat2,
  291: statx,
  412: utimensat,
  413: pselect6,
  414: ppoll,
  439: faccessat2,
};

/** A string argument of mount that may be NULL. */
function optionalString(mem: UserMemory, addr: number): string | null | number {
  return addr === 0 ? null : readUserPath(mem, addr);
}

function mount(ctx: SyscallContext, sourceAddr: number, targetAddr: number, typeAddr: number, flags: number, dataAddr: number): SyscallResult {
  const type = optionalString(ctx.mem, typeAddr);
  if (typeof type === 'number') return type;
  const source = optionalString(ctx.mem, sourceAddr);
  if (typeof source === 'number') return source;
  const data = optionalString(ctx.mem, dataAddr);
  if (typeof data === 'number') return data;
  const target = resolveAt(ctx, AT_FDCWD, targetAddr, LOOKUP_FOLLOW);
  if (typeof target === 'number') return target;
  const at = lookupAt(ctx, AT_FDCWD, '');
  if (typeof at === 'number') return at;
  return mountAt(vfsOf(ctx), at, target, { source, type, flags, data: data ?? '' });
}

function umount2(ctx: SyscallContext, targetAddr: number, flags: number): SyscallResult {
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) return -Errno.EINVAL;
  const target = resolveAt(ctx, AT_FDCWD, targetAddr, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
  if (typeof target === 'number') return target;
  const at = lookupAt(ctx, AT_FDCWD, '');
  if (typeof at === 'number') return at;
  return unmountAt(vfsOf(ctx), at, target, flags);
}

function pathOfFd(ctx: SyscallContext, fd: number): VfsPath | number {
  const file = rawFileOf(ctx, fd);
  return typeof file === 'number' ? file : file.path;
}

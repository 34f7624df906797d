import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import { isBlocked } from '../WaitQueue.js';
import { nameToBytes } from '../vfs/bytes.js';
import type { CharDevice } from '../vfs/CharDevices.js';
import { DT_DIR, DT_LNK, DT_REG, S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG } from '../vfs/fileMode.js';
import { pipeOf } from '../vfs/PipeFile.js';
import { POLLIN, POLLNVAL, POLLOUT } from '../vfs/pollEvents.js';
import { TMPFS_MAGIC } from '../vfs/ramfs/RamSuperBlock.js';
import { SyscallHarness } from '../vfs/testing.js';
import { fsSyscalls } from './fs.js';

const SYS = {
  getcwd: 17,
  dup: 23,
  dup3: 24,
  fcntl64: 25,
  ioctl: 29,
  mknodat: 33,
  mkdirat: 34,
  unlinkat: 35,
  symlinkat: 36,
  linkat: 37,
  umount2: 39,
  mount: 40,
  statfs64: 43,
  fstatfs64: 44,
  truncate64: 45,
  ftruncate64: 46,
  faccessat: 48,
  chdir: 49,
  fchdir: 50,
  fchmod: 52,
  fchmodat: 53,
  openat: 56,
  close: 57,
  pipe2: 59,
  getdents64: 61,
  llseek: 62,
  read: 63,
  write: 64,
  readv: 65,
  writev: 66,
  pread64: 67,
  pwrite64: 68,
  sendfile64: 71,
  readlinkat: 78,
  fsync: 82,
  umask: 166,
  renameat2: 276,
  statx: 291,
  utimensat: 412,
  ppoll: 414,
} as const;

const AT_FDCWD = -100;
const O_RDONLY = 0;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000;
const O_LARGEFILE = 0o100000;
const O_DIRECTORY = 0o200000;
const O_NOFOLLOW = 0o400000;
const O_CLOEXEC = 0o2000000;
const O_PATH = 0o10000000;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_EMPTY_PATH = 0x1000;

/** A harness with helpers for the common calls. */
class Fs extends SyscallHarness {
  constructor() {
    super(fsSyscalls);
  }

  open(path: string, flags: number, mode = 0o644, dirfd = AT_FDCWD): number {
    return this.run(SYS.openat, dirfd, this.string(path), flags, mode);
  }

  write(fd: number, text: string): number {
    return this.run(SYS.write, fd, this.bytes(text), text.length);
  }

  readFd(fd: number, length: number): string | number {
    const buffer = this.alloc(length);
    const count = this.run(SYS.read, fd, buffer, length);
    return count < 0 ? count : this.readText(buffer, count);
  }

  mkdir(path: string, mode = 0o755): number {
    return this.run(SYS.mkdirat, AT_FDCWD, this.string(path), mode);
  }

  symlink(target: string, path: string): number {
    return this.run(SYS.symlinkat, this.string(target), AT_FDCWD, this.string(path));
  }

  /** statx into a fresh buffer; returns the result and a DataView on the 256 bytes. */
  statx(path: string, flags = 0, dirfd = AT_FDCWD): { result: number; view: DataView } {
    const buffer = this.alloc(256);
    const result = this.run(SYS.statx, dirfd, this.string(path), flags, 0x7ff, buffer);
    return { result, view: new DataView(this.read(buffer, 256).buffer) };
  }

  mode(path: string, flags = 0): number {
    const { result, view } = this.statx(path, flags);
    return result < 0 ? result : view.getUint16(28, true);
  }

  size(path: string): number {
    const { result, view } = this.statx(path);
    return result < 0 ? result : Number(view.getBigUint64(40, true));
  }

  getcwd(size = 4096): string | number {
    const buffer = this.alloc(Math.max(size, 1));
    const result = this.run(SYS.getcwd, buffer, size);
    return result < 0 ? result : this.readText(buffer, result - 1);
  }

  pipe(flags = 0): [number, number] {
    const fds = this.alloc(8);
    expect(this.run(SYS.pipe2, fds, flags)).toBe(0);
    return [this.word(fds), this.word(fds + 4)];
  }
}

describe('open, read, write, close', () => {
  it('creates, writes, seeks and reads back a file', () => {
    const fs = new Fs();
    const fd = fs.open('/hello', O_CREAT | O_RDWR);
    expect(fd).toBe(0);
    expect(fs.write(fd, 'hello world')).toBe(11);
    const result = fs.alloc(8);
    expect(fs.run(SYS.llseek, fd, 0, 6, result, 0)).toBe(0);
    expect(fs.mem.read64(result)).toBe(6);
    expect(fs.readFd(fd, 100)).toBe('world');
    expect(fs.readFd(fd, 100)).toBe('');
    expect(fs.run(SYS.close, fd)).toBe(0);
    expect(fs.run(SYS.close, fd)).toBe(-Errno.EBADF);
    expect(fs.size('/hello')).toBe(11);
  });

  it('applies O_EXCL, O_TRUNC, O_APPEND and the umask', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_WRONLY, 0o666);
    fs.write(fd, 'abcdef');
    expect(fs.mode('/f')).toBe(S_IFREG | 0o644);
    expect(fs.open('/f', O_CREAT | O_EXCL | O_WRONLY)).toBe(-Errno.EEXIST);
    const appender = fs.open('/f', O_WRONLY | O_APPEND);
    fs.write(fd, 'X');
    fs.write(appender, '123');
    expect(fs.size('/f')).toBe(10);
    const truncating = fs.open('/f', O_RDWR | O_TRUNC);
    expect(fs.size('/f')).toBe(0);
    fs.write(truncating, 'z');
    expect(fs.run(SYS.umask, 0o077)).toBe(0o022);
    fs.open('/private', O_CREAT | O_WRONLY, 0o666);
    expect(fs.mode('/private')).toBe(S_IFREG | 0o600);
  });

  it('checks the file type: directories, symlinks with O_NOFOLLOW, O_DIRECTORY', () => {
    const fs = new Fs();
    fs.mkdir('/dir');
    fs.open('/file', O_CREAT | O_WRONLY);
    fs.symlink('/file', '/link');
    expect(fs.open('/dir', O_WRONLY)).toBe(-Errno.EISDIR);
    expect(fs.open('/dir', O_CREAT | O_RDONLY)).toBe(-Errno.EISDIR);
    expect(fs.open('/file', O_RDONLY | O_DIRECTORY)).toBe(-Errno.ENOTDIR);
    expect(fs.open('/link', O_RDONLY | O_NOFOLLOW)).toBe(-Errno.ELOOP);
    expect(fs.open('/file/', O_CREAT | O_RDONLY)).toBe(-Errno.EISDIR);
    expect(fs.open('/missing/x', O_CREAT | O_WRONLY)).toBe(-Errno.ENOENT);
    expect(fs.open('', O_RDONLY)).toBe(-Errno.ENOENT);
    const dir = fs.open('/dir', O_RDONLY | O_DIRECTORY);
    expect(dir).toBeGreaterThanOrEqual(0);
    expect(fs.readFd(dir, 10)).toBe(-Errno.EISDIR);
    // O_CREAT through a dangling symlink creates the link's target.
    fs.symlink('/created-through-link', '/dangling');
    expect(fs.open('/dangling', O_CREAT | O_WRONLY)).toBeGreaterThanOrEqual(0);
    expect(fs.mode('/created-through-link')).toBe(S_IFREG | 0o644);
    expect(fs.open('/dangling', O_CREAT | O_EXCL | O_WRONLY)).toBe(-Errno.EEXIST);
  });

  it('refuses reads on write-only and writes on read-only descriptors, and any I/O on O_PATH ones', () => {
    const fs = new Fs();
    const writer = fs.open('/f', O_CREAT | O_WRONLY);
    const reader = fs.open('/f', O_RDONLY);
    const path = fs.open('/f', O_PATH);
    expect(fs.readFd(writer, 1)).toBe(-Errno.EBADF);
    expect(fs.write(reader, 'x')).toBe(-Errno.EBADF);
    expect(fs.write(path, 'x')).toBe(-Errno.EBADF);
    // O_PATH keeps only O_PATH_FLAGS, dropping even the O_LARGEFILE open() adds.
    expect(fs.run(SYS.fcntl64, path, 3)).toBe(O_PATH);
    expect(fs.run(SYS.fcntl64, path, 4, 0)).toBe(-Errno.EBADF);
  });

  it('fails with EMFILE once every descriptor below the limit is taken, before looking at the path', () => {
    const fs = new Fs();
    fs.task.files.limit = 2;
    fs.open('/a', O_CREAT | O_WRONLY);
    fs.open('/b', O_CREAT | O_WRONLY);
    expect(fs.open('/c', O_CREAT | O_WRONLY)).toBe(-Errno.EMFILE);
    expect(fs.open('/missing', O_RDONLY)).toBe(-Errno.EMFILE);
    expect(fs.mode('/c')).toBe(-Errno.ENOENT);
  });

  it('reports the open flags with F_GETFL (O_LARGEFILE added, creation flags gone) and O_CLOEXEC with F_GETFD', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_EXCL | O_TRUNC | O_RDWR | O_APPEND | O_CLOEXEC);
    expect(fs.run(SYS.fcntl64, fd, 3)).toBe(O_RDWR | O_APPEND | O_LARGEFILE);
    expect(fs.run(SYS.fcntl64, fd, 1)).toBe(1);
    expect(fs.run(SYS.fcntl64, fd, 2, 0)).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, 1)).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, 4, O_NONBLOCK | O_RDONLY)).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, 3)).toBe(O_RDWR | O_NONBLOCK | O_LARGEFILE);
    expect(fs.run(SYS.fcntl64, fd, 999)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.fcntl64, 77, 1)).toBe(-Errno.EBADF);
  });
});

describe('descriptors: dup, dup3, fcntl', () => {
  it('shares the file position between duplicates', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(fd, 'abcdef');
    const copy = fs.run(SYS.dup, fd);
    expect(copy).toBe(1);
    fs.run(SYS.llseek, fd, 0, 2, fs.alloc(8), 0);
    expect(fs.readFd(copy, 2)).toBe('cd');
    expect(fs.readFd(fd, 2)).toBe('ef');
  });

  it('checks dup3 arguments like Linux and replaces the target descriptor', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    expect(fs.run(SYS.dup3, fd, fd, 0)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.dup3, fd, 5, 1)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.dup3, 9, 5, 0)).toBe(-Errno.EBADF);
    expect(fs.run(SYS.dup3, fd, 1024, 0)).toBe(-Errno.EBADF);
    expect(fs.run(SYS.dup3, fd, -1, 0)).toBe(-Errno.EBADF);
    expect(fs.run(SYS.dup3, fd, 5, O_CLOEXEC)).toBe(5);
    expect(fs.run(SYS.fcntl64, 5, 1)).toBe(1);
    const other = fs.open('/g', O_CREAT | O_RDWR);
    expect(fs.run(SYS.dup3, other, 5, 0)).toBe(5);
    expect(fs.run(SYS.fcntl64, 5, 1)).toBe(0);
    fs.write(5, 'via five');
    expect(fs.size('/g')).toBe(8);
  });

  it('duplicates at or above a minimum with F_DUPFD and F_DUPFD_CLOEXEC', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    expect(fs.run(SYS.fcntl64, fd, 0, 10)).toBe(10);
    expect(fs.run(SYS.fcntl64, fd, 1030, 10)).toBe(11);
    expect(fs.run(SYS.fcntl64, 11, 1)).toBe(1);
    expect(fs.run(SYS.fcntl64, fd, 0, 1024)).toBe(-Errno.EINVAL);
  });
});

describe('positioned I/O and seeking', () => {
  it('reads and writes at an offset given as a register pair without moving the position', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(fd, '0123456789');
    const buffer = fs.alloc(4);
    expect(fs.run(SYS.pread64, fd, buffer, 4, 3, 0)).toBe(4);
    expect(fs.readText(buffer, 4)).toBe('3456');
    expect(fs.run(SYS.pwrite64, fd, fs.bytes('AB'), 2, 8, 0)).toBe(2);
    expect(fs.run(SYS.pread64, fd, buffer, 4, 7, 0)).toBe(3);
    expect(fs.readText(buffer, 3)).toBe('7AB');
    expect(fs.readFd(fd, 4)).toBe('');
    expect(fs.run(SYS.pread64, fd, buffer, 4, 0, -1)).toBe(-Errno.EINVAL);
    const [reader] = fs.pipe();
    expect(fs.run(SYS.pread64, reader, buffer, 4, 0, 0)).toBe(-Errno.ESPIPE);
  });

  it('seeks with _llseek over the whole 64-bit offset', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(fd, 'abc');
    const result = fs.alloc(8);
    expect(fs.run(SYS.llseek, fd, 1, 0, result, 0)).toBe(0);
    expect(fs.mem.read64(result)).toBe(2 ** 32);
    expect(fs.run(SYS.llseek, fd, -1, -1, result, 2)).toBe(0);
    expect(fs.mem.read64(result)).toBe(2);
    expect(fs.run(SYS.llseek, fd, -1, -10, result, 2)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.llseek, fd, 0, 5, result, 3)).toBe(-Errno.ENXIO);
    expect(fs.run(SYS.llseek, fd, 0, 1, result, 4)).toBe(0);
    expect(fs.mem.read64(result)).toBe(3);
    expect(fs.run(SYS.llseek, fd, 0, 0, result, 5)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.llseek, fd, 0, 0, 0x1000, 0)).toBe(-Errno.EFAULT);
    const [reader] = fs.pipe();
    expect(fs.run(SYS.llseek, reader, 0, 0, result, 0)).toBe(-Errno.ESPIPE);
  });

  it('truncates to a 64-bit length passed as a register pair', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    // An empty ramfs file grows only into pages it can map, at most 4 GiB (ramfs_nommu_resize).
    expect(fs.run(SYS.ftruncate64, fd, 0x10, 1)).toBe(-Errno.EFBIG);
    expect(fs.run(SYS.ftruncate64, fd, 1, 0)).toBe(0);
    expect(fs.run(SYS.ftruncate64, fd, 0x10, 1)).toBe(0);
    expect(fs.size('/f')).toBe(2 ** 32 + 16);
    expect(fs.run(SYS.truncate64, fs.string('/f'), 5, 0)).toBe(0);
    expect(fs.size('/f')).toBe(5);
    expect(fs.run(SYS.pread64, fd, fs.alloc(8), 8, 0, 0)).toBe(5);
    expect(fs.run(SYS.ftruncate64, fd, 0, -1)).toBe(-Errno.EINVAL);
    const reader = fs.open('/f', O_RDONLY);
    expect(fs.run(SYS.ftruncate64, reader, 0, 0)).toBe(-Errno.EINVAL);
    fs.mkdir('/d');
    expect(fs.run(SYS.truncate64, fs.string('/d'), 0, 0)).toBe(-Errno.EISDIR);
  });

  it('gathers and scatters with readv and writev', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    const iov = fs.alloc(16);
    fs.mem.write32(iov, fs.bytes('hello '));
    fs.mem.write32(iov + 4, 6);
    fs.mem.write32(iov + 8, fs.bytes('world'));
    fs.mem.write32(iov + 12, 5);
    expect(fs.run(SYS.writev, fd, iov, 2)).toBe(11);
    const a = fs.alloc(4);
    const b = fs.alloc(16);
    fs.mem.write32(iov, a);
    fs.mem.write32(iov + 4, 4);
    fs.mem.write32(iov + 8, b);
    fs.mem.write32(iov + 12, 16);
    fs.run(SYS.llseek, fd, 0, 0, fs.alloc(8), 0);
    expect(fs.run(SYS.readv, fd, iov, 2)).toBe(11);
    expect(fs.readText(a, 4) + fs.readText(b, 7)).toBe('hello world');
    expect(fs.run(SYS.readv, fd, iov, 1025)).toBe(-Errno.EINVAL);
    fs.mem.write32(iov + 4, -1);
    expect(fs.run(SYS.readv, fd, iov, 2)).toBe(-Errno.EINVAL);
  });

  it('returns EFAULT for unmapped buffers and short counts when a buffer runs into unmapped memory', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    expect(fs.run(SYS.write, fd, 0x1000, 4)).toBe(-Errno.EFAULT);
    const end = 0x8000_0000 + (1 << 20);
    fs.physical.load(end - 3, nameToBytes('xyz'));
    expect(fs.run(SYS.write, fd, end - 3, 10)).toBe(3);
    expect(fs.run(SYS.pread64, fd, end - 2, 10, 0, 0)).toBe(2);
  });
});

describe('statx', () => {
  it('fills struct statx at the offsets of the rv32 layout', () => {
    const fs = new Fs();
    fs.clock.sec = 1_234_567_890;
    fs.clock.nsec = 42;
    const fd = fs.open('/f', O_CREAT | O_WRONLY, 0o640);
    fs.write(fd, 'x'.repeat(10));
    const { result, view } = fs.statx('/f');
    expect(result).toBe(0);
    expect(view.getUint32(0, true)).toBe(0x17ff);
    expect(view.getUint32(4, true)).toBe(4096);
    expect(view.getUint32(16, true)).toBe(1);
    expect(view.getUint32(20, true)).toBe(0);
    expect(view.getUint16(28, true)).toBe(S_IFREG | 0o640);
    expect(view.getBigUint64(32, true)).toBeGreaterThan(0n);
    expect(view.getBigUint64(40, true)).toBe(10n);
    expect(view.getBigUint64(48, true)).toBe(8n);
    for (const offset of [64, 96, 112]) {
      expect(view.getBigInt64(offset, true)).toBe(1_234_567_890n);
      expect(view.getUint32(offset + 8, true)).toBe(42);
    }
    expect(view.getBigInt64(80, true)).toBe(0n);
    expect(view.getUint32(136, true)).toBe(0);
    expect(view.getUint32(140, true)).toBeGreaterThan(0);
    expect(view.getBigUint64(144, true)).toBe(BigInt(fs.task.fs.root.mount.id));
  });

  it('follows links unless AT_SYMLINK_NOFOLLOW, and stats a descriptor with AT_EMPTY_PATH', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    fs.symlink('/d', '/l');
    expect(fs.mode('/l')).toBe(S_IFDIR | 0o755);
    expect(fs.mode('/l', AT_SYMLINK_NOFOLLOW)).toBe(S_IFLNK | 0o777);
    const fd = fs.open('/l', O_PATH | O_NOFOLLOW);
    const buffer = fs.alloc(256);
    expect(fs.run(SYS.statx, fd, fs.string(''), AT_EMPTY_PATH, 0x7ff, buffer)).toBe(0);
    expect(fs.mem.read32(buffer + 28)! & 0xffff).toBe(S_IFLNK | 0o777);
    expect(fs.run(SYS.statx, fd, fs.string(''), 0, 0x7ff, buffer)).toBe(-Errno.ENOENT);
    expect(fs.run(SYS.statx, AT_FDCWD, fs.string('/d'), 0, 0x8000_0000, buffer)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.statx, AT_FDCWD, fs.string('/d'), 0x6000, 0x7ff, buffer)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.statx, AT_FDCWD, fs.string('/d'), 0x1, 0x7ff, buffer)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.statx, AT_FDCWD, fs.string(''), 0x1, 0x7ff, buffer)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.statx, AT_FDCWD, 0x10, 0, 0x7ff, buffer)).toBe(-Errno.EFAULT);
    expect(fs.run(SYS.statx, AT_FDCWD, fs.string('/d'), 0, 0x7ff, 0x10)).toBe(-Errno.EFAULT);
    // A relative path needs a directory descriptor; an absolute one ignores it entirely.
    const file = fs.open('/f', O_CREAT | O_WRONLY);
    expect(fs.run(SYS.statx, file, fs.string('x'), 0, 0x7ff, buffer)).toBe(-Errno.ENOTDIR);
    expect(fs.run(SYS.statx, 99, fs.string('x'), 0, 0x7ff, buffer)).toBe(-Errno.EBADF);
    expect(fs.run(SYS.statx, 99, fs.string('/d'), 0, 0x7ff, buffer)).toBe(0);
  });

  it('counts links and marks mount roots', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    fs.mkdir('/d/sub');
    expect(fs.statx('/d').view.getUint32(16, true)).toBe(3);
    const { view } = fs.statx('/');
    expect(view.getBigUint64(8, true) & 0x2000n).toBe(0x2000n);
    expect(fs.statx('/d').view.getBigUint64(8, true) & 0x2000n).toBe(0n);
  });
});

describe('getdents64', () => {
  function entries(fs: Fs, fd: number, size = 4096): { result: number; list: [string, number, number, number, number][] } {
    const buffer = fs.alloc(size);
    const result = fs.run(SYS.getdents64, fd, buffer, size);
    const list: [string, number, number, number, number][] = [];
    const bytes = fs.read(buffer, Math.max(result, 0));
    const view = new DataView(bytes.buffer);
    for (let at = 0; at < result; ) {
      const reclen = view.getUint16(at + 16, true);
      const nameEnd = bytes.indexOf(0, at + 19);
      list.push([
        String.fromCharCode(...bytes.subarray(at + 19, nameEnd)),
        Number(view.getBigUint64(at, true)),
        Number(view.getBigInt64(at + 8, true)),
        reclen,
        view.getUint8(at + 18),
      ]);
      at += reclen;
    }
    return { result, list };
  }

  it('writes linux_dirent64 records: ino, next offset, 8-byte aligned length, type, NUL-terminated name', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    fs.open('/d/file', O_CREAT | O_WRONLY);
    fs.mkdir('/d/subdirectory');
    fs.symlink('x', '/d/l');
    const fd = fs.open('/d', O_RDONLY | O_DIRECTORY);
    const { result, list } = entries(fs, fd);
    expect(list.map(([name]) => name)).toEqual(['.', '..', 'file', 'subdirectory', 'l']);
    expect(list.map(([, , , , type]) => type)).toEqual([DT_DIR, DT_DIR, DT_REG, DT_DIR, DT_LNK]);
    expect(list.map(([, , , reclen]) => reclen)).toEqual([24, 24, 24, 32, 24]);
    expect(result).toBe(128);
    const dirIno = Number(fs.statx('/d').view.getBigUint64(32, true));
    const rootIno = Number(fs.statx('/').view.getBigUint64(32, true));
    expect(list[0][1]).toBe(dirIno);
    expect(list[1][1]).toBe(rootIno);
    expect(list[2][1]).toBe(Number(fs.statx('/d/file').view.getBigUint64(32, true)));
    expect(list.map(([, , off]) => off)).toEqual([1, 2, 3, 4, 5]);
    expect(entries(fs, fd).result).toBe(0);
  });

  it('continues where the previous call stopped, survives deletions, and restarts after lseek to 0', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    for (const name of ['a', 'b', 'c', 'd']) fs.open(`/d/${name}`, O_CREAT | O_WRONLY);
    const fd = fs.open('/d', O_RDONLY | O_DIRECTORY);
    expect(entries(fs, fd, 72).list.map(([name]) => name)).toEqual(['.', '..', 'a']);
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/d/a'), 0)).toBe(0);
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/d/c'), 0)).toBe(0);
    expect(entries(fs, fd).list.map(([name]) => name)).toEqual(['b', 'd']);
    fs.run(SYS.llseek, fd, 0, 0, fs.alloc(8), 0);
    expect(entries(fs, fd).list.map(([name]) => name)).toEqual(['.', '..', 'b', 'd']);
  });

  it('fails with EINVAL when not even one record fits, ENOTDIR on files, EBADF on O_PATH', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    const fd = fs.open('/d', O_RDONLY);
    expect(entries(fs, fd, 23).result).toBe(-Errno.EINVAL);
    const file = fs.open('/f', O_CREAT | O_RDONLY);
    expect(entries(fs, file).result).toBe(-Errno.ENOTDIR);
    expect(entries(fs, fs.open('/d', O_PATH)).result).toBe(-Errno.EBADF);
    expect(fs.run(SYS.getdents64, fd, 0x1000, 100)).toBe(-Errno.EFAULT);
  });
});

describe('pipes', () => {
  it('blocks a reader until data arrives, then returns it', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    const buffer = fs.alloc(16);
    const blocked = fs.blocks(SYS.read, reader, buffer, 16);
    let woken = false;
    blocked.queues.forEach((queue) => queue.subscribe(() => (woken = true)));
    expect(fs.write(writer, 'ping')).toBe(4);
    expect(woken).toBe(true);
    expect(blocked.resume()).toBe(4);
    expect(fs.readText(buffer, 4)).toBe('ping');
  });

  it('gives EOF when the last writer closes and EPIPE when the last reader closes', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    const copy = fs.run(SYS.dup, writer);
    fs.run(SYS.close, writer);
    const blocked = fs.blocks(SYS.read, reader, fs.alloc(4), 4);
    fs.run(SYS.close, copy);
    expect(blocked.resume()).toBe(0);
    const [reader2, writer2] = fs.pipe();
    fs.run(SYS.close, reader2);
    expect(fs.write(writer2, 'x')).toBe(-Errno.EPIPE);
  });

  it('returns EAGAIN with O_NONBLOCK and sets close-on-exec with O_CLOEXEC', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe(O_NONBLOCK | O_CLOEXEC);
    expect(fs.readFd(reader, 4)).toBe(-Errno.EAGAIN);
    expect(fs.run(SYS.fcntl64, reader, 1)).toBe(1);
    expect(fs.run(SYS.fcntl64, writer, 3)).toBe(O_WRONLY | O_NONBLOCK);
    expect(fs.run(SYS.fcntl64, writer, 1032)).toBe(65536);
    const big = fs.alloc(70000);
    expect(fs.run(SYS.write, writer, big, 70000)).toBe(65536);
    expect(fs.run(SYS.write, writer, big, 1)).toBe(-Errno.EAGAIN);
    expect(fs.run(SYS.pipe2, fs.alloc(8), 0o1)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.pipe2, 0x10, 0)).toBe(-Errno.EFAULT);
    expect(fs.task.files.get(4)).toBeUndefined();
  });

  it('finishes a blocking write larger than the pipe as the reader drains it', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    const data = fs.alloc(100_000);
    const blocked = fs.blocks(SYS.write, writer, data, 100_000);
    expect(pipeOf(fs.task.files.get(reader)!)!.length).toBe(65536);
    const sink = fs.alloc(65536);
    expect(fs.run(SYS.read, reader, sink, 65536)).toBe(65536);
    expect(blocked.resume()).toBe(100_000);
  });

  it('reports readiness through ppoll and wakes a blocked poll', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    const file = fs.open('/f', O_CREAT | O_RDWR);
    const fds = fs.alloc(32);
    const entry = (i: number, fd: number, events: number) => {
      fs.mem.write32(fds + 8 * i, fd);
      fs.mem.write32(fds + 8 * i + 4, events);
    };
    entry(0, reader, POLLIN);
    entry(1, writer, POLLOUT);
    entry(2, file, POLLIN | POLLOUT);
    entry(3, 55, POLLIN);
    expect(fs.run(SYS.ppoll, fds, 4, 0, 0, 0)).toBe(3);
    const revents = (i: number) => fs.mem.read32(fds + 8 * i + 4)! >>> 16;
    expect([revents(0), revents(1) & POLLOUT, revents(2) & (POLLIN | POLLOUT), revents(3)]).toEqual([0, POLLOUT, POLLIN | POLLOUT, POLLNVAL]);
    const zero = fs.alloc(16);
    expect(fs.run(SYS.ppoll, fds, 1, zero, 0, 0)).toBe(0);
    const blocked = fs.blocks(SYS.ppoll, fds, 1, 0, 0, 0);
    fs.write(writer, 'x');
    expect(blocked.resume()).toBe(1);
    expect(revents(0)).toBe(POLLIN);
    const timeout = fs.alloc(16);
    fs.mem.write64(timeout, 0);
    fs.mem.write32(timeout + 8, 2_000_000_000);
    expect(fs.run(SYS.ppoll, fds, 1, timeout, 0, 0)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.ppoll, fds, 1, 0, fds, 4)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.ppoll, fds, 2000, 0, 0, 0)).toBe(-Errno.EINVAL);
  });

  it('reports readiness through pselect6 bitmaps and wakes a blocked select', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    const readSet = fs.alloc(4);
    const writeSet = fs.alloc(4);
    const setBits = () => {
      fs.mem.write32(readSet, 1 << reader);
      fs.mem.write32(writeSet, 1 << writer);
    };
    setBits();
    const zero = fs.alloc(16);
    expect(fs.run(413, writer + 1, readSet, writeSet, 0, zero, 0)).toBe(1);
    expect([fs.word(readSet), fs.word(writeSet)]).toEqual([0, 1 << writer]);
    fs.mem.write32(readSet, 1 << reader);
    const blocked = fs.blocks(413, writer + 1, readSet, 0, 0, 0, 0);
    fs.write(writer, 'x');
    expect(blocked.resume()).toBe(1);
    expect(fs.word(readSet)).toBe(1 << reader);
    fs.mem.write32(readSet, 1 << 9);
    expect(fs.run(413, 10, readSet, 0, 0, zero, 0)).toBe(-Errno.EBADF);
    expect(fs.run(413, -1, readSet, 0, 0, zero, 0)).toBe(-Errno.EINVAL);
    // Bits beyond the descriptor table (32 slots here) are not looked at.
    fs.mem.write32(readSet, 0);
    const wide = fs.alloc(8);
    fs.mem.write32(wide + 4, 1);
    expect(fs.run(413, 64, wide, 0, 0, zero, 0)).toBe(0);
  });

  it('times out a poll with nothing ready and reports the time left', () => {
    const fs = new Fs();
    const [reader] = fs.pipe();
    const fds = fs.alloc(8);
    fs.mem.write32(fds, reader);
    fs.mem.write32(fds + 4, POLLIN);
    const timeout = fs.alloc(16);
    fs.mem.write64(timeout, 5);
    fs.uptime = 1000;
    const blocked = fs.blocks(SYS.ppoll, fds, 1, timeout, 0, 0);
    expect(blocked.deadline).toBe(6000);
    fs.uptime = 2500;
    expect(blocked.onTimeout!()).toBe(0);
    expect([fs.mem.read64(timeout), fs.mem.read64(timeout + 8)]).toEqual([3, 500_000_000]);
  });
});

describe('directories and names', () => {
  it('creates and removes directories with Linux errors', () => {
    const fs = new Fs();
    expect(fs.mkdir('/d')).toBe(0);
    expect(fs.mkdir('/d')).toBe(-Errno.EEXIST);
    expect(fs.mkdir('/d/e/')).toBe(0);
    expect(fs.mkdir('/')).toBe(-Errno.EEXIST);
    expect(fs.mkdir('/missing/x')).toBe(-Errno.ENOENT);
    const rmdir = (path: string) => fs.run(SYS.unlinkat, AT_FDCWD, fs.string(path), AT_REMOVEDIR);
    const unlink = (path: string) => fs.run(SYS.unlinkat, AT_FDCWD, fs.string(path), 0);
    expect(rmdir('/d')).toBe(-Errno.ENOTEMPTY);
    expect(rmdir('/d/e/.')).toBe(-Errno.EINVAL);
    expect(rmdir('/d/e/..')).toBe(-Errno.ENOTEMPTY);
    expect(rmdir('/')).toBe(-Errno.EBUSY);
    expect(unlink('/d')).toBe(-Errno.EISDIR);
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/d'), 0x1)).toBe(-Errno.EINVAL);
    fs.open('/f', O_CREAT | O_WRONLY);
    expect(rmdir('/f')).toBe(-Errno.ENOTDIR);
    expect(unlink('/f/')).toBe(-Errno.ENOTDIR);
    expect(unlink('/d/')).toBe(-Errno.EISDIR);
    expect(unlink('/nothing/')).toBe(-Errno.ENOENT);
    expect(rmdir('/d/e/')).toBe(0);
    expect(rmdir('/d')).toBe(0);
    expect(unlink('/f')).toBe(0);
    expect(fs.mode('/f')).toBe(-Errno.ENOENT);
  });

  it('keeps an unlinked file readable through an open descriptor', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(fd, 'still here');
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/f'), 0)).toBe(0);
    fs.run(SYS.llseek, fd, 0, 0, fs.alloc(8), 0);
    expect(fs.readFd(fd, 20)).toBe('still here');
    const buffer = fs.alloc(256);
    expect(fs.run(SYS.statx, fd, fs.string(''), AT_EMPTY_PATH, 0x7ff, buffer)).toBe(0);
    expect(fs.mem.read32(buffer + 16)).toBe(0);
  });

  it('makes symbolic links, refusing a trailing slash on a new name and empty targets', () => {
    const fs = new Fs();
    expect(fs.symlink('target', '/l')).toBe(0);
    expect(fs.symlink('target', '/l')).toBe(-Errno.EEXIST);
    expect(fs.symlink('target', '/m/')).toBe(-Errno.ENOENT);
    expect(fs.symlink('', '/n')).toBe(-Errno.ENOENT);
    const buffer = fs.alloc(16);
    expect(fs.run(SYS.readlinkat, AT_FDCWD, fs.string('/l'), buffer, 16)).toBe(6);
    expect(fs.readText(buffer, 6)).toBe('target');
    expect(fs.run(SYS.readlinkat, AT_FDCWD, fs.string('/l'), buffer, 3)).toBe(3);
    expect(fs.run(SYS.readlinkat, AT_FDCWD, fs.string('/l'), buffer, 0)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.readlinkat, AT_FDCWD, fs.string('/'), buffer, 16)).toBe(-Errno.EINVAL);
    const link = fs.open('/l', O_PATH | O_NOFOLLOW);
    expect(fs.run(SYS.readlinkat, link, fs.string(''), buffer, 16)).toBe(6);
    const dir = fs.open('/', O_PATH);
    expect(fs.run(SYS.readlinkat, dir, fs.string(''), buffer, 16)).toBe(-Errno.ENOENT);
  });

  it('links files but not directories', () => {
    const fs = new Fs();
    fs.open('/f', O_CREAT | O_WRONLY);
    fs.mkdir('/d');
    const link = (from: string, to: string, flags = 0) => fs.run(SYS.linkat, AT_FDCWD, fs.string(from), AT_FDCWD, fs.string(to), flags);
    expect(link('/f', '/g')).toBe(0);
    expect(fs.statx('/f').view.getUint32(16, true)).toBe(2);
    expect(fs.statx('/f').view.getBigUint64(32, true)).toBe(fs.statx('/g').view.getBigUint64(32, true));
    expect(link('/f', '/g')).toBe(-Errno.EEXIST);
    expect(link('/d', '/e')).toBe(-Errno.EPERM);
    expect(link('/f', '/h', 0x1)).toBe(-Errno.EINVAL);
    expect(link('/missing', '/h')).toBe(-Errno.ENOENT);
    fs.symlink('/f', '/l');
    expect(link('/l', '/l2')).toBe(0);
    expect(fs.mode('/l2', AT_SYMLINK_NOFOLLOW)).toBe(S_IFLNK | 0o777);
    expect(link('/l', '/l3', 0x400)).toBe(0);
    expect(fs.mode('/l3', AT_SYMLINK_NOFOLLOW)).toBe(S_IFREG | 0o644);
  });

  it('renames with replace, no-replace and exchange, and refuses moving a directory into itself', () => {
    const fs = new Fs();
    const rename = (from: string, to: string, flags = 0) => fs.run(SYS.renameat2, AT_FDCWD, fs.string(from), AT_FDCWD, fs.string(to), flags);
    fs.write(fs.open('/a', O_CREAT | O_WRONLY), 'A');
    fs.write(fs.open('/b', O_CREAT | O_WRONLY), 'BB');
    fs.mkdir('/d');
    fs.mkdir('/d/sub');
    fs.mkdir('/empty');
    expect(rename('/a', '/b', 1)).toBe(-Errno.EEXIST);
    expect(rename('/a', '/b', 2)).toBe(0);
    expect([fs.size('/a'), fs.size('/b')]).toEqual([2, 1]);
    expect(rename('/a', '/b')).toBe(0);
    expect(fs.size('/b')).toBe(2);
    expect(fs.size('/a')).toBe(-Errno.ENOENT);
    expect(rename('/d', '/d/sub/x')).toBe(-Errno.EINVAL);
    expect(rename('/d/sub', '/d')).toBe(-Errno.ENOTEMPTY);
    expect(rename('/b', '/d')).toBe(-Errno.EISDIR);
    expect(rename('/d', '/b')).toBe(-Errno.ENOTDIR);
    expect(rename('/empty', '/d')).toBe(-Errno.ENOTEMPTY);
    expect(rename('/d', '/empty')).toBe(0);
    expect(fs.mode('/empty/sub')).toBe(S_IFDIR | 0o755);
    expect(rename('/b/', '/c')).toBe(-Errno.ENOTDIR);
    expect(rename('/missing', '/c')).toBe(-Errno.ENOENT);
    expect(rename('/b', '/c', 3)).toBe(-Errno.EINVAL);
    expect(rename('/b', '/c', 8)).toBe(-Errno.EINVAL);
    expect(rename('/', '/c')).toBe(-Errno.EBUSY);
    expect(rename('/b', '/b')).toBe(0);
  });

  it('keeps the working directory through renames and reports getcwd like Linux', () => {
    const fs = new Fs();
    fs.mkdir('/a');
    fs.mkdir('/a/b');
    expect(fs.run(SYS.chdir, fs.string('/a/b'))).toBe(0);
    expect(fs.getcwd()).toBe('/a/b');
    expect(fs.run(SYS.renameat2, AT_FDCWD, fs.string('/a'), AT_FDCWD, fs.string('/z'), 0)).toBe(0);
    expect(fs.getcwd()).toBe('/z/b');
    expect(fs.getcwd(5)).toBe('/z/b');
    expect(fs.getcwd(4)).toBe(-Errno.ERANGE);
    expect(fs.getcwd(0)).toBe(-Errno.ERANGE);
    fs.open('rel', O_CREAT | O_WRONLY);
    expect(fs.mode('/z/b/rel')).toBe(S_IFREG | 0o644);
    expect(fs.run(SYS.chdir, fs.string('..'))).toBe(0);
    expect(fs.getcwd()).toBe('/z');
    expect(fs.run(SYS.chdir, fs.string('b/rel'))).toBe(-Errno.ENOTDIR);
    const dir = fs.open('b', O_PATH);
    expect(fs.run(SYS.fchdir, dir)).toBe(0);
    expect(fs.getcwd()).toBe('/z/b');
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('rel'), 0)).toBe(0);
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/z/b'), AT_REMOVEDIR)).toBe(0);
    expect(fs.getcwd()).toBe(-Errno.ENOENT);
    expect(fs.open('new', O_CREAT | O_WRONLY)).toBe(-Errno.ENOENT);
  });

  it('resolves relative paths from a directory descriptor', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    const dir = fs.open('/d', O_RDONLY | O_DIRECTORY);
    expect(fs.open('f', O_CREAT | O_WRONLY, 0o644, dir)).toBeGreaterThanOrEqual(0);
    expect(fs.mode('/d/f')).toBe(S_IFREG | 0o644);
    expect(fs.run(SYS.mkdirat, dir, fs.string('sub'), 0o700)).toBe(0);
    expect(fs.mode('/d/sub')).toBe(S_IFDIR | 0o700);
  });

  it('makes device nodes only as root', () => {
    const fs = new Fs();
    expect(fs.run(SYS.mknodat, AT_FDCWD, fs.string('/null'), 0o20666, (1 << 8) | 3)).toBe(0);
    const { view } = fs.statx('/null');
    expect([view.getUint32(128, true), view.getUint32(132, true)]).toEqual([1, 3]);
    const fd = fs.open('/null', O_RDWR);
    expect(fs.write(fd, 'gone')).toBe(4);
    expect(fs.readFd(fd, 10)).toBe('');
    expect(fs.run(SYS.mknodat, AT_FDCWD, fs.string('/dir'), 0o40755, 0)).toBe(-Errno.EPERM);
    expect(fs.run(SYS.mknodat, AT_FDCWD, fs.string('/plain'), 0o644, 0)).toBe(0);
    expect(fs.mode('/plain')).toBe(S_IFREG | 0o644);
    fs.cred = { uid: 1000, gid: 1000, groups: [] };
    fs.run(SYS.chdir, fs.string('/'));
    expect(fs.run(SYS.mknodat, AT_FDCWD, fs.string('/tmp-null'), 0o20666, 0x103)).toBe(-Errno.EACCES);
  });
});

describe('ram file systems', () => {
  it('gives unnamed O_TMPFILE files a name only through linkat(AT_EMPTY_PATH), unless O_EXCL', () => {
    const fs = new Fs();
    fs.mkdir('/d');
    const O_TMPFILE = 0o20000000 | O_DIRECTORY;
    expect(fs.open('/d', O_TMPFILE | O_RDONLY)).toBe(-Errno.EINVAL);
    expect(fs.open('/d', O_TMPFILE | O_CREAT | O_RDWR)).toBe(-Errno.EINVAL);
    const fd = fs.open('/d', O_TMPFILE | O_RDWR, 0o600);
    expect(fd).toBeGreaterThanOrEqual(0);
    fs.write(fd, 'anonymous');
    expect(fs.run(SYS.getdents64, fs.open('/d', O_RDONLY), fs.alloc(256), 256)).toBe(48);
    expect(fs.run(SYS.linkat, fd, fs.string(''), AT_FDCWD, fs.string('/d/named'), AT_EMPTY_PATH)).toBe(0);
    expect(fs.size('/d/named')).toBe(9);
    expect(fs.mode('/d/named')).toBe(S_IFREG | 0o600);
    const excl = fs.open('/d', O_TMPFILE | O_EXCL | O_RDWR);
    expect(fs.run(SYS.linkat, excl, fs.string(''), AT_FDCWD, fs.string('/d/other'), AT_EMPTY_PATH)).toBe(-Errno.ENOENT);
    expect(fs.run(SYS.linkat, fd, fs.string(''), AT_FDCWD, fs.string('/d/again'), 0)).toBe(-Errno.ENOENT);
  });

  it('frees the space of a removed file once the last descriptor is closed', () => {
    const fs = new Fs();
    fs.mkdir('/mnt');
    fs.run(SYS.mount, fs.string('t'), fs.string('/mnt'), fs.string('tmpfs'), 0, fs.string('size=16k'));
    const fd = fs.open('/mnt/a', O_CREAT | O_WRONLY);
    expect(fs.run(SYS.write, fd, fs.alloc(16384), 16384)).toBe(16384);
    expect(fs.run(SYS.unlinkat, AT_FDCWD, fs.string('/mnt/a'), 0)).toBe(0);
    const other = fs.open('/mnt/b', O_CREAT | O_WRONLY);
    expect(fs.run(SYS.write, other, fs.alloc(10), 10)).toBe(-Errno.ENOSPC);
    fs.run(SYS.close, fd);
    expect(fs.run(SYS.write, other, fs.alloc(10), 10)).toBe(10);
  });

  it('limits tmpfs inodes with nr_inodes and rejects unknown tmpfs options', () => {
    const fs = new Fs();
    fs.mkdir('/mnt');
    const mount = (data: string) => fs.run(SYS.mount, fs.string('t'), fs.string('/mnt'), fs.string('tmpfs'), 0, fs.string(data));
    expect(mount('bogus=1')).toBe(-Errno.EINVAL);
    expect(mount('size=abc')).toBe(-Errno.EINVAL);
    expect(mount('nr_inodes=3,mode=755')).toBe(0);
    expect(fs.mode('/mnt')).toBe(S_IFDIR | 0o755);
    expect(fs.mkdir('/mnt/a')).toBe(0);
    expect(fs.open('/mnt/b', O_CREAT | O_WRONLY)).toBeGreaterThanOrEqual(0);
    expect(fs.mkdir('/mnt/c')).toBe(-Errno.ENOSPC);
    expect(fs.run(SYS.mount, fs.string('r'), fs.string('/mnt/a'), fs.string('ramfs'), 0, fs.string('bogus=1'))).toBe(0);
  });
});

describe('record locks', () => {
  const F_GETLK64 = 12;
  const F_SETLK64 = 13;
  const F_SETLKW64 = 14;
  const F_OFD_SETLK = 37;
  const [RD, WR, UN] = [0, 1, 2];

  /** A struct flock64 in user memory. */
  function flock(fs: Fs, type: number, start: number, len: number, whence = 0): number {
    const addr = fs.alloc(32);
    fs.mem.write32(addr, (whence << 16) | type);
    fs.mem.write64(addr + 8, start);
    fs.mem.write64(addr + 16, len);
    return addr;
  }

  /** Makes the harness act as another process with a fork-copied descriptor table. */
  function becomeProcess(fs: Fs, files: typeof fs.task.files, pid: number): void {
    fs.task.files = files;
    fs.task.tgid = pid;
  }

  it('lets locks of one process exclude another and reports the holder with F_GETLK', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    const parent = fs.task.files;
    const child = parent.clone();
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, WR, 0, 10))).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, 5, 1))).toBe(0);
    becomeProcess(fs, child, 2);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, 5, 10))).toBe(-Errno.EAGAIN);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, 10, 5))).toBe(0);
    const query = flock(fs, RD, 0, 0);
    expect(fs.run(SYS.fcntl64, fd, F_GETLK64, query)).toBe(0);
    expect(fs.mem.read32(query)! & 0xffff).toBe(WR);
    expect([fs.mem.read64(query + 8), fs.mem.read64(query + 16), fs.mem.read32(query + 24)]).toEqual([0, 5, 1]);
    const free = flock(fs, WR, 100, 1);
    expect(fs.run(SYS.fcntl64, fd, F_GETLK64, free)).toBe(0);
    expect(fs.mem.read32(free)! & 0xffff).toBe(UN);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, 7, 0, 1))).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, -5, 1))).toBe(-Errno.EINVAL);
    const reader = fs.open('/f', O_RDONLY);
    expect(fs.run(SYS.fcntl64, reader, F_SETLK64, flock(fs, WR, 50, 1))).toBe(-Errno.EBADF);
  });

  it('wakes a waiting F_SETLKW when the holder closes any descriptor of the file, and refuses deadlocks', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    const parent = fs.task.files;
    const child = parent.clone();
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, WR, 0, 1))).toBe(0);
    becomeProcess(fs, child, 2);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, WR, 1, 1))).toBe(0);
    const waiting = fs.blocks(SYS.fcntl64, fd, F_SETLKW64, flock(fs, WR, 0, 1));
    becomeProcess(fs, parent, 1);
    expect(fs.run(SYS.fcntl64, fd, F_SETLKW64, flock(fs, WR, 1, 1))).toBe(-Errno.EDEADLK);
    const other = fs.open('/f', O_RDONLY);
    expect(fs.run(SYS.close, other)).toBe(0);
    becomeProcess(fs, child, 2);
    expect(waiting.resume()).toBe(0);
  });

  it('keeps open-file-description locks apart even within one process, until the last close', () => {
    const fs = new Fs();
    const first = fs.open('/f', O_CREAT | O_RDWR);
    const second = fs.open('/f', O_RDWR);
    const copy = fs.run(SYS.dup, first);
    expect(fs.run(SYS.fcntl64, first, F_OFD_SETLK, flock(fs, WR, 0, 0))).toBe(0);
    expect(fs.run(SYS.fcntl64, second, F_OFD_SETLK, flock(fs, RD, 0, 1))).toBe(-Errno.EAGAIN);
    expect(fs.run(SYS.fcntl64, copy, F_OFD_SETLK, flock(fs, RD, 0, 1))).toBe(0);
    const withPid = flock(fs, RD, 0, 1);
    fs.mem.write32(withPid + 24, 5);
    expect(fs.run(SYS.fcntl64, second, F_OFD_SETLK, withPid)).toBe(-Errno.EINVAL);
    fs.run(SYS.close, first);
    expect(fs.run(SYS.fcntl64, second, F_OFD_SETLK, flock(fs, WR, 0, 1))).toBe(-Errno.EAGAIN);
    fs.run(SYS.close, copy);
    expect(fs.run(SYS.fcntl64, second, F_OFD_SETLK, flock(fs, WR, 0, 1))).toBe(0);
  });

  it('splits and merges a process\'s own locks', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_RDWR);
    const parent = fs.task.files;
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, WR, 0, 100))).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, UN, 40, 20))).toBe(0);
    becomeProcess(fs, parent.clone(), 2);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, WR, 40, 20))).toBe(0);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, 39, 1))).toBe(-Errno.EAGAIN);
    expect(fs.run(SYS.fcntl64, fd, F_SETLK64, flock(fs, RD, 60, 1))).toBe(-Errno.EAGAIN);
  });
});

describe('attributes', () => {
  it('changes modes and times, with owner checks for other users', () => {
    const fs = new Fs();
    const fd = fs.open('/f', O_CREAT | O_WRONLY);
    expect(fs.run(SYS.fchmod, fd, 0o4711)).toBe(0);
    expect(fs.mode('/f')).toBe(S_IFREG | 0o4711);
    expect(fs.run(SYS.fchmodat, AT_FDCWD, fs.string('/f'), 0o600)).toBe(0);
    expect(fs.mode('/f')).toBe(S_IFREG | 0o600);
    const times = fs.alloc(32);
    fs.mem.write64(times, 1000);
    fs.mem.write32(times + 8, 5);
    fs.mem.write64(times + 16, 2000);
    fs.mem.write32(times + 24, (1 << 30) - 2);
    fs.clock.sec = 3000;
    expect(fs.run(SYS.utimensat, AT_FDCWD, fs.string('/f'), times, 0)).toBe(0);
    let view = fs.statx('/f').view;
    expect([view.getBigInt64(64, true), view.getUint32(72, true)]).toEqual([1000n, 5]);
    expect(view.getBigInt64(112, true)).not.toBe(2000n);
    expect(view.getBigInt64(96, true)).toBe(3000n);
    expect(fs.run(SYS.utimensat, fd, 0, 0, 0)).toBe(0);
    view = fs.statx('/f').view;
    expect([view.getBigInt64(64, true), view.getBigInt64(112, true)]).toEqual([3000n, 3000n]);
    fs.mem.write32(times + 8, 1_000_000_000);
    expect(fs.run(SYS.utimensat, AT_FDCWD, fs.string('/f'), times, 0)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.utimensat, AT_FDCWD, fs.string('/f'), times, 0x1)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.utimensat, AT_FDCWD, fs.string('/missing'), times, 0)).toBe(-Errno.ENOENT);
    fs.cred = { uid: 1000, gid: 1000, groups: [] };
    expect(fs.run(SYS.fchmodat, AT_FDCWD, fs.string('/f'), 0o777)).toBe(-Errno.EPERM);
    expect(fs.run(SYS.utimensat, AT_FDCWD, fs.string('/f'), 0, 0)).toBe(-Errno.EACCES);
  });

  it('answers access checks, root passing everything but execute on files without an x bit', () => {
    const fs = new Fs();
    fs.open('/f', O_CREAT | O_WRONLY, 0o600);
    const access = (path: string, mode: number) => fs.run(SYS.faccessat, AT_FDCWD, fs.string(path), mode);
    expect(access('/f', 0)).toBe(0);
    expect(access('/f', 6)).toBe(0);
    expect(access('/f', 1)).toBe(-Errno.EACCES);
    expect(access('/missing', 0)).toBe(-Errno.ENOENT);
    expect(access('/f', 8)).toBe(-Errno.EINVAL);
    fs.cred = { uid: 1000, gid: 1000, groups: [] };
    expect(access('/f', 4)).toBe(-Errno.EACCES);
    expect(fs.run(439, AT_FDCWD, fs.string('/f'), 0, 0x1)).toBe(-Errno.EINVAL);
  });
});

describe('mounts and devices', () => {
  it('mounts tmpfs, reports it in statfs64, and refuses to unmount it while in use', () => {
    const fs = new Fs();
    fs.mkdir('/mnt');
    const mount = (source: string, target: string, type: string, flags = 0, data = '') =>
      fs.run(SYS.mount, fs.string(source), fs.string(target), fs.string(type), flags, fs.string(data));
    expect(mount('tmpfs', '/mnt', 'tmpfs', 0, 'size=64k')).toBe(0);
    const statfs = fs.alloc(88);
    expect(fs.run(SYS.statfs64, fs.string('/mnt'), 88, statfs)).toBe(0);
    expect(fs.mem.read32(statfs)! >>> 0).toBe(TMPFS_MAGIC);
    expect(fs.mem.read64(statfs + 8)).toBe(16);
    expect(fs.run(SYS.statfs64, fs.string('/mnt'), 84, statfs)).toBe(-Errno.EINVAL);
    const fd = fs.open('/mnt/big', O_CREAT | O_WRONLY);
    expect(fs.run(SYS.write, fd, fs.alloc(100_000), 100_000)).toBe(65536);
    expect(fs.run(SYS.write, fd, fs.alloc(10), 10)).toBe(-Errno.ENOSPC);
    expect(fs.run(SYS.fstatfs64, fd, 88, statfs)).toBe(0);
    expect(fs.mem.read64(statfs + 16)).toBe(0);
    const umount = (target: string, flags = 0) => fs.run(SYS.umount2, fs.string(target), flags);
    expect(umount('/mnt')).toBe(-Errno.EBUSY);
    fs.run(SYS.close, fd);
    expect(fs.run(SYS.chdir, fs.string('/mnt'))).toBe(0);
    expect(umount('/mnt')).toBe(-Errno.EBUSY);
    fs.run(SYS.chdir, fs.string('/'));
    expect(umount('/mnt/big')).toBe(-Errno.EINVAL);
    expect(umount('/mnt', 0x10)).toBe(-Errno.EINVAL);
    expect(umount('/mnt')).toBe(0);
    expect(fs.mode('/mnt/big')).toBe(-Errno.ENOENT);
    expect(umount('/mnt')).toBe(-Errno.EINVAL);
  });

  it('refuses unknown and host-only types and non-root callers, and detaches lazily with MNT_DETACH', () => {
    const fs = new Fs();
    fs.mkdir('/mnt');
    const mount = (type: string, flags = 0) => fs.run(SYS.mount, fs.string('x'), fs.string('/mnt'), fs.string(type), flags, 0);
    expect(mount('nosuchfs')).toBe(-Errno.ENODEV);
    expect(fs.run(SYS.mount, 0, fs.string('/mnt'), 0, 0, 0)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.mount, 0, fs.string('/missing'), fs.string('tmpfs'), 0, 0)).toBe(-Errno.ENOENT);
    expect(mount('tmpfs', 1 << 31)).toBe(-Errno.EINVAL);
    expect(mount('ramfs')).toBe(0);
    const fd = fs.open('/mnt/f', O_CREAT | O_RDWR);
    expect(fs.run(SYS.umount2, fs.string('/mnt'), 2)).toBe(0);
    expect(fs.write(fd, 'still works')).toBe(11);
    expect(fs.mode('/mnt/f')).toBe(-Errno.ENOENT);
    fs.cred = { uid: 1000, gid: 1000, groups: [] };
    expect(mount('tmpfs')).toBe(-Errno.EPERM);
  });

  it('remounts read-only: writes fail with EROFS, reads still work', () => {
    const fs = new Fs();
    fs.mkdir('/mnt');
    fs.run(SYS.mount, fs.string('t'), fs.string('/mnt'), fs.string('tmpfs'), 0, 0);
    fs.write(fs.open('/mnt/f', O_CREAT | O_WRONLY), 'data');
    expect(fs.run(SYS.mount, 0, fs.string('/mnt'), 0, 32 | 1, 0)).toBe(0);
    expect(fs.open('/mnt/f', O_WRONLY)).toBe(-Errno.EROFS);
    expect(fs.open('/mnt/g', O_CREAT | O_WRONLY)).toBe(-Errno.EROFS);
    expect(fs.mkdir('/mnt/d')).toBe(-Errno.EROFS);
    expect(fs.readFd(fs.open('/mnt/f', O_RDONLY), 10)).toBe('data');
    expect(fs.run(SYS.faccessat, AT_FDCWD, fs.string('/mnt/f'), 2)).toBe(-Errno.EROFS);
  });

  it('serves /dev/null, /dev/zero, /dev/full and /dev/urandom from devtmpfs', () => {
    const fs = new Fs();
    fs.mkdir('/dev');
    expect(fs.run(SYS.mount, fs.string('devtmpfs'), fs.string('/dev'), fs.string('devtmpfs'), 0, 0)).toBe(0);
    const zero = fs.open('/dev/zero', O_RDONLY);
    const buffer = fs.bytes('xxxx');
    expect(fs.run(SYS.read, zero, buffer, 4)).toBe(4);
    expect([...fs.read(buffer, 4)]).toEqual([0, 0, 0, 0]);
    expect(fs.write(fs.open('/dev/full', O_WRONLY), 'x')).toBe(-Errno.ENOSPC);
    expect(fs.write(fs.open('/dev/null', O_WRONLY), 'x')).toBe(1);
    const random = fs.open('/dev/urandom', O_RDONLY);
    const noise = fs.alloc(64);
    expect(fs.run(SYS.read, random, noise, 64)).toBe(64);
    expect(fs.read(noise, 64).some((byte) => byte !== 0)).toBe(true);
    expect(fs.open('/dev/tty', O_RDWR)).toBe(-Errno.ENXIO);
    expect(fs.mode('/dev/stdin', AT_SYMLINK_NOFOLLOW)).toBe(S_IFLNK | 0o777);
    expect(fs.run(SYS.ioctl, zero, 0x5401, fs.alloc(64))).toBe(-Errno.ENOTTY);
  });

  it('shows the nodes drivers register by name, before and after devtmpfs is mounted', () => {
    const fs = new Fs();
    const answering = (text: string): CharDevice => ({
      open: () => ({
        read: (_file, into) => {
          into.set(nameToBytes(text));
          return text.length;
        },
      }),
    });
    fs.vfs.devices.register(240, 0, answering('early'), 'early0', 0o640);
    fs.mkdir('/dev');
    expect(fs.run(SYS.mount, fs.string('devtmpfs'), fs.string('/dev'), fs.string('devtmpfs'), 0, 0)).toBe(0);
    fs.vfs.devices.register(240, 1, answering('late'), 'late0');
    expect(fs.mode('/dev/early0')).toBe(S_IFCHR | 0o640);
    expect(fs.mode('/dev/late0')).toBe(S_IFCHR | 0o660);
    const buffer = fs.alloc(8);
    expect(fs.run(SYS.read, fs.open('/dev/late0', O_RDONLY), buffer, 8)).toBe(4);
    expect(String.fromCharCode(...fs.read(buffer, 4))).toBe('late');
  });
});

describe('ioctl, fsync and sendfile', () => {
  it('answers FIONREAD on pipes and files, FIOCLEX, FIONBIO, and ENOTTY otherwise', () => {
    const fs = new Fs();
    const [reader, writer] = fs.pipe();
    fs.write(writer, 'abc');
    const count = fs.alloc(4);
    expect(fs.run(SYS.ioctl, reader, 0x541b, count)).toBe(0);
    expect(fs.word(count)).toBe(3);
    const file = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(file, '12345');
    fs.run(SYS.llseek, file, 0, 1, fs.alloc(8), 0);
    expect(fs.run(SYS.ioctl, file, 0x541b, count)).toBe(0);
    expect(fs.word(count)).toBe(4);
    expect(fs.run(SYS.ioctl, file, 0x5451, 0)).toBe(0);
    expect(fs.run(SYS.fcntl64, file, 1)).toBe(1);
    fs.mem.write32(count, 1);
    expect(fs.run(SYS.ioctl, reader, 0x5421, count)).toBe(0);
    expect(fs.run(SYS.fcntl64, reader, 3) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(fs.run(SYS.ioctl, file, 0x5401, count)).toBe(-Errno.ENOTTY);
    expect(fs.run(SYS.ioctl, 40, 0x5401, count)).toBe(-Errno.EBADF);
  });

  it('syncs files and directories, not pipes', () => {
    const fs = new Fs();
    const [reader] = fs.pipe();
    expect(fs.run(SYS.fsync, fs.open('/f', O_CREAT | O_RDWR))).toBe(0);
    expect(fs.run(SYS.fsync, fs.open('/', O_RDONLY))).toBe(0);
    expect(fs.run(SYS.fsync, reader)).toBe(-Errno.EINVAL);
  });

  it('copies a file into a pipe with sendfile64, updating the offset it is given', () => {
    const fs = new Fs();
    const file = fs.open('/f', O_CREAT | O_RDWR);
    fs.write(file, 'sendfile data');
    const [reader, writer] = fs.pipe();
    const offset = fs.alloc(8);
    fs.mem.write64(offset, 9);
    expect(fs.run(SYS.sendfile64, writer, file, offset, 100)).toBe(4);
    expect(fs.mem.read64(offset)).toBe(13);
    expect(fs.readFd(reader, 10)).toBe('data');
    fs.run(SYS.llseek, file, 0, 0, fs.alloc(8), 0);
    expect(fs.run(SYS.sendfile64, writer, file, 0, 8)).toBe(8);
    expect(fs.readFd(reader, 10)).toBe('sendfile');
    const position = fs.alloc(8);
    fs.run(SYS.llseek, file, 0, 0, position, 1);
    expect(fs.mem.read64(position)).toBe(8);
    expect(fs.run(SYS.sendfile64, file, reader, 0, 8)).toBe(-Errno.EINVAL);
    expect(fs.run(SYS.sendfile64, writer, 33, 0, 8)).toBe(-Errno.EBADF);
  });
});

it('returns Blocked only for blocking operations', () => {
  const fs = new Fs();
  const [reader] = fs.pipe();
  expect(isBlocked(fs.call(SYS.read, reader, fs.alloc(1), 1))).toBe(true);
  expect(isBlocked(fs.call(SYS.read, reader, fs.alloc(1), 0))).toBe(false);
});

/**
 * File syscall flag values of the rv32 ABI. RISC-V uses the asm-generic values (include/uapi/asm-generic/fcntl.h,
 * include/uapi/linux/fcntl.h), written here in octal as in the headers.
 */

export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DSYNC = 0o10000;
export const FASYNC = 0o20000;
export const O_DIRECT = 0o40000;
export const O_LARGEFILE = 0o100000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
export const O_SYNC_ONLY = 0o4000000;
export const O_SYNC = O_SYNC_ONLY | O_DSYNC;
export const O_PATH = 0o10000000;
export const O_TMPFILE_ONLY = 0o20000000;
export const O_TMPFILE = O_TMPFILE_ONLY | O_DIRECTORY;

/** Every flag open() knows (VALID_OPEN_FLAGS); plain open() silently drops the others. */
export const VALID_OPEN_FLAGS =
  O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | FASYNC |
  O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC_ONLY | O_PATH | O_TMPFILE_ONLY;
/** What O_PATH keeps of the other flags. */
export const O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;
/** The status flags F_SETFL may change. */
export const SETFL_MASK = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC;

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_EACCESS = 0x200;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_STATX_SYNC_TYPE = 0x6000;

export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;
export const RENAME_WHITEOUT = 4;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;

export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETOWN = 8;
export const F_GETOWN = 9;
export const F_SETSIG = 10;
export const F_GETSIG = 11;
export const F_GETLK64 = 12;
export const F_SETLK64 = 13;
export const F_SETLKW64 = 14;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const F_DUPFD_CLOEXEC = 1030;
export const F_SETPIPE_SZ = 1031;
export const F_GETPIPE_SZ = 1032;
export const FD_CLOEXEC = 1;

export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** Linux's MAXSYMLINKS: symbolic links one path lookup may follow in total. */
export const MAX_SYMLINKS = 40;
/** The largest file offset of a 32-bit kernel (MAX_LFS_FILESIZE = ULONG_MAX << PAGE_SHIFT). */
export const MAX_FILE_SIZE = 0xffff_ffff * 4096;
/** The largest count one read or write transfers (MAX_RW_COUNT = INT_MAX & PAGE_MASK). */
export const MAX_RW_COUNT = 0x7fff_f000;
